//! Fuzz target for the document readers: any bytes, as UTF-8 text, are read as JSON
//! and as TOML through the dispatch on `format` (`plan::read_any`), so both kinds are
//! fuzzed: the Handlingsplan (`handlingsplan/1`) and the Omstillingsplan
//! (`omstillingsplan/1`). Reading may fail (with a message that formats without
//! panicking); when it succeeds, evaluation, the check object and both writers must
//! not panic, and what `to_json` and `to_toml` write must read back as the very same
//! document. An Omstillingsplan also makes a yearly plan, which is checked against it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plan::omstillingsplan;
use plan::{AnyDocument, Syntax};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for syntax in [Syntax::Json, Syntax::Toml] {
        match plan::read_any(text, syntax) {
            Ok(AnyDocument::Handlingsplan(plan)) => handlingsplan(&plan),
            Ok(AnyDocument::Omstillingsplan(op)) => omstillingsplan(&op),
            Err(error) => {
                let _ = error.to_string();
            }
        }
    }
});

fn handlingsplan(plan: &plan::handlingsplan::Plan) {
    use plan::handlingsplan::file;
    let evaluation = plan::handlingsplan::evaluate(plan);
    let _ = plan::handlingsplan::report::check_json(&evaluation);

    let json = file::to_json(plan);
    let from_json = file::read(&json, Syntax::Json)
        .unwrap_or_else(|e| panic!("to_json does not read back: {e}\n{json}"));
    assert_eq!(&from_json, plan, "to_json changed the plan:\n{json}");

    let toml = file::to_toml(plan).unwrap_or_else(|e| panic!("to_toml failed: {e}"));
    let from_toml = file::read(&toml, Syntax::Toml)
        .unwrap_or_else(|e| panic!("to_toml does not read back: {e}\n{toml}"));
    assert_eq!(&from_toml, plan, "to_toml changed the plan:\n{toml}");
}

fn omstillingsplan(op: &omstillingsplan::Omstillingsplan) {
    use omstillingsplan::file;
    let evaluation = omstillingsplan::evaluate(op);
    let _ = omstillingsplan::report::check_json(&evaluation);

    let json = file::to_json(op);
    let from_json = file::read(&json, Syntax::Json)
        .unwrap_or_else(|e| panic!("to_json does not read back: {e}\n{json}"));
    assert_eq!(&from_json, op, "to_json changed the Omstillingsplan:\n{json}");

    let toml = file::to_toml(op).unwrap_or_else(|e| panic!("to_toml failed: {e}"));
    let from_toml = file::read(&toml, Syntax::Toml)
        .unwrap_or_else(|e| panic!("to_toml does not read back: {e}\n{toml}"));
    assert_eq!(&from_toml, op, "to_toml changed the Omstillingsplan:\n{toml}");

    let year = op.programme.period.from;
    let plan = omstillingsplan::derive::yearly_plan(op, year);
    let checked = omstillingsplan::against::evaluate_against(&plan, op);
    let _ = plan::handlingsplan::report::check_json(&checked);
    let _ = omstillingsplan::derive::next_year(&plan, Some(op));
}
