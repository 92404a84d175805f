//! Reusable drawing helpers: the frame around every screen, the help overlay, and small widgets
//! (menus, bars) that several screens share. Each `render_*` function only reads its inputs.

pub mod bar;
pub mod chart;
pub mod console;
pub mod frame;
pub mod help;
pub mod menu;
pub mod wrap;
