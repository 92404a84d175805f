//! IMS QTI 2.1 as a content package (a zip): `imsmanifest.xml` at the root, one
//! `assessmentItem` per question under `items/`, and `assessment.xml`, an `assessmentTest` with
//! a section per first topic, so an importer that wants a test finds one. QTI 2.1 rather than
//! 3.0: it is the version LMS importers and QTI tools read (docs/export.md says which).
//! Question ids are `<topic>-NNN`, three or four digits (checked when content loads), so they
//! serve as item identifiers and file names as they are.

mod item;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};

use super::bank::{BankExport, ExportError, by_topic};
use super::zipped::{Store, archive};
use crate::content::Bank;

/// The QTI 2.1 namespace of items and tests.
pub const QTI_NS: &str = "http://www.imsglobal.org/xsd/imsqti_v2p1";
const QTI_SCHEMA: &str = "http://www.imsglobal.org/xsd/imsqti_v2p1 \
                          http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd";
/// The IMS Content Packaging 1.1 namespace of the manifest.
pub const CP_NS: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const CP_SCHEMA: &str = "http://www.imsglobal.org/xsd/imscp_v1p1 \
                         http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

type W = Writer<Vec<u8>>;

fn document(build: impl FnOnce(&mut W) -> std::io::Result<()>) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    build(&mut w)?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// The whole bank as a QTI 2.1 content package.
pub fn export(bank: &Bank) -> Result<BankExport, ExportError> {
    let groups = by_topic(bank);
    let mut items: Vec<(String, String, Vec<u8>)> = Vec::new();
    for list in groups.values() {
        for it in list {
            let path = format!("items/{}.xml", it.q.id);
            let xml = document(|w| item::write(w, *it))?;
            items.push((it.q.id.clone(), path, xml));
        }
    }
    let test = document(|w| {
        w.create_element("assessmentTest")
            .with_attributes([
                ("xmlns", QTI_NS),
                ("xmlns:xsi", XSI_NS),
                ("xsi:schemaLocation", QTI_SCHEMA),
                ("identifier", "mlops-lab-bank"),
                ("title", "mlops-lab question bank"),
            ])
            .write_inner_content(|w| {
                w.create_element("testPart")
                    .with_attributes([
                        ("identifier", "P1"),
                        ("navigationMode", "nonlinear"),
                        ("submissionMode", "individual"),
                    ])
                    .write_inner_content(|w| {
                        for (topic, list) in &groups {
                            w.create_element("assessmentSection")
                                .with_attributes([
                                    ("identifier", format!("S-{topic}").as_str()),
                                    ("title", topic.as_str()),
                                    ("visible", "true"),
                                ])
                                .write_inner_content(|w| {
                                    for it in list {
                                        let href = format!("items/{}.xml", it.q.id);
                                        w.create_element("assessmentItemRef")
                                            .with_attributes([
                                                ("identifier", it.q.id.as_str()),
                                                ("href", href.as_str()),
                                            ])
                                            .write_empty()?;
                                    }
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
        Ok(())
    })?;
    let manifest = document(|w| manifest(w, &items))?;
    let mut entries: Vec<(&str, &[u8], Store)> = vec![
        ("imsmanifest.xml", &manifest, Store::Deflated),
        ("assessment.xml", &test, Store::Deflated),
    ];
    for (_, path, xml) in &items {
        entries.push((path, xml, Store::Deflated));
    }
    Ok(BankExport {
        bytes: archive(&entries)?,
        exported: items.len(),
        skipped: Vec::new(),
    })
}

fn manifest(w: &mut W, items: &[(String, String, Vec<u8>)]) -> std::io::Result<()> {
    w.create_element("manifest")
        .with_attributes([
            ("xmlns", CP_NS),
            ("xmlns:xsi", XSI_NS),
            ("xsi:schemaLocation", CP_SCHEMA),
            ("identifier", "MANIFEST-mlops-lab-bank"),
        ])
        .write_inner_content(|w| {
            w.create_element("metadata").write_inner_content(|w| {
                w.create_element("schema")
                    .write_text_content(quick_xml::events::BytesText::new("QTIv2.1 Package"))?;
                w.create_element("schemaversion")
                    .write_text_content(quick_xml::events::BytesText::new("1.0.0"))?;
                Ok(())
            })?;
            w.create_element("organizations").write_empty()?;
            w.create_element("resources").write_inner_content(|w| {
                w.create_element("resource")
                    .with_attributes([
                        ("identifier", "TEST"),
                        ("type", "imsqti_test_xmlv2p1"),
                        ("href", "assessment.xml"),
                    ])
                    .write_inner_content(|w| {
                        w.create_element("file")
                            .with_attribute(("href", "assessment.xml"))
                            .write_empty()?;
                        for (id, _, _) in items {
                            w.create_element("dependency")
                                .with_attribute(("identifierref", format!("RES-{id}").as_str()))
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
                for (id, path, _) in items {
                    w.create_element("resource")
                        .with_attributes([
                            ("identifier", format!("RES-{id}").as_str()),
                            ("type", "imsqti_item_xmlv2p1"),
                            ("href", path.as_str()),
                        ])
                        .write_inner_content(|w| {
                            w.create_element("file")
                                .with_attribute(("href", path.as_str()))
                                .write_empty()?;
                            Ok(())
                        })?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}
