//! Fuzz target for the plan reader: any bytes, as UTF-8 text, are read as JSON and as
//! TOML. Reading may fail (with a message that formats without panicking); when it
//! succeeds, evaluation, the check object and both writers must not panic, and what
//! `to_json` and `to_toml` write must read back as the very same plan.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plan::file::{self, Syntax};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for syntax in [Syntax::Json, Syntax::Toml] {
        let plan = match file::read(text, syntax) {
            Ok(plan) => plan,
            Err(error) => {
                let _ = error.to_string();
                continue;
            }
        };
        let evaluation = plan::evaluate(&plan);
        let _ = plan::report::check_json(&evaluation);

        let json = file::to_json(&plan);
        let from_json = file::read(&json, Syntax::Json)
            .unwrap_or_else(|e| panic!("to_json does not read back: {e}\n{json}"));
        assert_eq!(from_json, plan, "to_json changed the plan:\n{json}");

        let toml = file::to_toml(&plan).unwrap_or_else(|e| panic!("to_toml failed: {e}"));
        let from_toml = file::read(&toml, Syntax::Toml)
            .unwrap_or_else(|e| panic!("to_toml does not read back: {e}\n{toml}"));
        assert_eq!(from_toml, plan, "to_toml changed the plan:\n{toml}");
    }
});
