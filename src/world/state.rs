//! The World's state grouped by part, as yazi's `Core` groups its managers: each part owns its
//! fields and the invariants between them (new data arrives with its validations, a new training
//! set drops the old split, a model is kept only for a finished run, a registry version moves
//! with its gate, the clock only runs forward). Command handlers on [`super::World`] coordinate
//! parts; they read and change a part only through its methods. Serving, monitoring and the
//! pipeline keep their own part structs in their modules.

pub mod clock;
pub mod data;
pub mod features;
pub mod registry;
pub mod tracking;

pub use self::clock::Clock;
pub use self::data::DataState;
pub use self::features::FeatureState;
pub use self::registry::RegistryState;
pub use self::tracking::TrackingState;
