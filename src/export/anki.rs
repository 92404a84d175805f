//! An Anki deck package (`.apkg`) in genanki's format (Anki's "Legacy 1" package, still read by
//! current Anki): a zip holding `collection.anki2`, a schema-11 SQLite collection built in memory
//! with rusqlite, and `media` (`{}`: no media). One notetype of our own ("mlops-lab question",
//! fields Front and Back), one deck per first topic under `mlops-lab`, one note and one new card
//! per question. Every id, guid and time is fixed or derived from a question id.

mod cards;

use rusqlite::{Connection, DatabaseName, params};
use serde_json::json;

use super::bank::{BankExport, ExportError, by_topic, tags};
use super::zipped::{Store, archive};
use crate::content::Bank;
use cards::{back, checksum, front, guid, hash64, strip_html};

/// The notetype's id: fixed, in [2^30, 2^31) as genanki advises.
const MODEL_ID: i64 = 1_610_612_741;
/// Every `mod` time (seconds, 2025-01-01 UTC): fixed so the package is the same bytes each run.
const MOD_SECS: i64 = 1_735_689_600;

/// The collection schema exactly as genanki writes it (schema 11).
const SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null,
  time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";

/// A deck id for a deck name, in [2^30, 2^31).
fn deck_id(name: &str) -> i64 {
    (1 << 30) + (hash64(&format!("mlops-lab deck {name}")) % (1 << 30)) as i64
}

/// A note id for a question: positive, below 2^52 (Anki's ids are JavaScript-safe numbers).
fn note_id(question_id: &str) -> i64 {
    (hash64(&format!("mlops-lab note id {question_id}")) % (1 << 52)) as i64 + 1
}

fn deck_json(id: i64, name: &str) -> serde_json::Value {
    json!({
        "id": id, "name": name, "desc": "", "conf": 1, "dyn": 0, "collapsed": false,
        "extendNew": 0, "extendRev": 50, "mod": MOD_SECS, "usn": -1,
        "lrnToday": [0, 0], "newToday": [0, 0], "revToday": [0, 0], "timeToday": [0, 0]
    })
}

fn model_json() -> serde_json::Value {
    let field = |name: &str, ord: u32| {
        json!({"name": name, "ord": ord, "sticky": false, "rtl": false,
               "font": "Arial", "size": 20, "media": []})
    };
    json!({
        "id": MODEL_ID.to_string(), "name": "mlops-lab question", "type": 0,
        "mod": MOD_SECS, "usn": -1, "sortf": 0, "did": null, "tags": [], "vers": [],
        "css": ".card { font-family: arial; font-size: 18px; text-align: left; color: black; \
                background-color: white; } .case, .scenario { color: #333; }",
        "flds": [field("Front", 0), field("Back", 1)],
        "tmpls": [{
            "name": "Card 1", "ord": 0, "qfmt": "{{Front}}",
            "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
            "bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0
        }],
        "req": [[0, "all", [0]]],
        "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\
                     \\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\
                     \\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexPost": "\\end{document}", "latexsvg": false
    })
}

/// Anki's default options group, as genanki writes it.
fn dconf_json() -> serde_json::Value {
    json!({"1": {
        "id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60, "autoplay": true,
        "timer": 0, "replayq": true, "dyn": false,
        "new": {"bury": true, "delays": [1, 10], "initialFactor": 2500, "ints": [1, 4, 7],
                "order": 1, "perDay": 20, "separate": true},
        "lapse": {"delays": [10], "leechAction": 0, "leechFails": 8, "minInt": 1, "mult": 0},
        "rev": {"bury": true, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1, "maxIvl": 36500,
                "minSpace": 1, "perDay": 200}
    }})
}

/// The collection as SQLite bytes.
fn collection(bank: &Bank) -> Result<(Vec<u8>, usize), rusqlite::Error> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(SCHEMA)?;
    let groups = by_topic(bank);
    let mut decks = serde_json::Map::new();
    decks.insert("1".into(), deck_json(1, "Default"));
    let root = deck_id("mlops-lab");
    decks.insert(root.to_string(), deck_json(root, "mlops-lab"));
    for topic in groups.keys() {
        let name = format!("mlops-lab::{topic}");
        let id = deck_id(&name);
        decks.insert(id.to_string(), deck_json(id, &name));
    }
    let conf = json!({
        "activeDecks": [1], "addToCur": true, "collapseTime": 1200, "curDeck": 1,
        "curModel": MODEL_ID.to_string(), "dueCounts": true, "estTimes": true, "newBury": true,
        "newSpread": 0, "nextPos": 1, "sortBackwards": false, "sortType": "noteFld", "timeLim": 0
    });
    let models = json!({ MODEL_ID.to_string(): model_json() });
    conn.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        params![
            MOD_SECS,
            MOD_SECS * 1000,
            conf.to_string(),
            models.to_string(),
            serde_json::Value::Object(decks).to_string(),
            dconf_json().to_string()
        ],
    )?;
    let mut due = 0_i64;
    for (topic, items) in &groups {
        let did = deck_id(&format!("mlops-lab::{topic}"));
        for item in items {
            let (f, b) = (front(*item), back(*item));
            let nid = note_id(&item.q.id);
            let tag_list = format!(" {} ", tags(item.q).join(" "));
            conn.execute(
                "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')",
                params![
                    nid,
                    guid(&item.q.id),
                    MODEL_ID,
                    MOD_SECS,
                    tag_list,
                    format!("{f}\u{1f}{b}"),
                    strip_html(&f),
                    checksum(&f)
                ],
            )?;
            due += 1;
            // New cards (type 0, queue 0), due in bank order.
            conn.execute(
                "INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4, -1, 0, 0, ?5, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                params![nid, nid, did, MOD_SECS, due],
            )?;
        }
    }
    let exported = usize::try_from(due).unwrap_or(0);
    Ok((conn.serialize(DatabaseName::Main)?.to_vec(), exported))
}

/// The whole bank as an `.apkg`.
pub fn export(bank: &Bank) -> Result<BankExport, ExportError> {
    let (db, exported) = collection(bank)?;
    let bytes = archive(&[
        ("collection.anki2", &db, Store::Stored),
        ("media", b"{}", Store::Stored),
    ])?;
    Ok(BankExport {
        bytes,
        exported,
        skipped: Vec::new(),
    })
}
