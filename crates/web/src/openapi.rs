//! `GET /api/v1/openapi.json`: the OpenAPI 3.0 description of the API, written by hand
//! next to the routes in [`crate::api`]. The schemathesis test in CI checks the server
//! against it (no 5xx, every response matches its schema).

use axum::Json;
use serde_json::{Value, json};

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn slug() -> Value {
    json!({ "name": "slug", "in": "path", "required": true,
            "description": "Programmets kortnavn", "schema": { "type": "string" }, "example": "fjordvik" })
}

fn year() -> Value {
    json!({ "name": "year", "in": "path", "required": true, "description": "Omstillingsåret",
            "schema": { "type": "integer", "minimum": 1, "maximum": 9999 }, "example": 2027 })
}

/// Responses every authenticated operation can give.
fn common(mut responses: Value) -> Value {
    let extra = [
        ("401", "Ikke innlogget"),
        (
            "403",
            "Mangler rollen som trengs, eller CSRF-nøkkel mangler",
        ),
        ("404", "Finnes ikke, eller ikke synlig for deg"),
        ("default", "Feil"),
    ];
    for (code, text) in extra {
        if responses.get(code).is_none() {
            responses[code] = error_response(text);
        }
    }
    responses
}

/// The calendar feed and the subscription address ([`crate::calendar`], issue 14).
fn calendar_paths() -> Value {
    let ics = json!({ "description": "iCalendar (RFC 5545): heldagshendelser for fristene, vedtakene og kommunikasjonsaktivitetene",
        "content": { "text/calendar": { "schema": { "type": "string" } } } });
    let date = json!({ "type": "string", "format": "date" });
    let wheel = json!({ "type": "object", "required": ["year", "in_period", "deadlines", "events"],
        "properties": {
            "year": { "type": "integer" },
            "in_period": { "type": "boolean", "description": "Utenfor perioden har året ingen frister, bare vedtakene som ble gjort i det" },
            "deadlines": { "type": "array", "items": { "type": "object",
                "required": ["key", "title", "date", "default", "set"],
                "properties": {
                    "key": { "type": "string", "enum": ["plan-start", "follow-up", "psv", "board-next-plan", "council-next-plan", "county-application"] },
                    "title": { "type": "string" },
                    "date": { "type": "string", "format": "date", "nullable": true },
                    "default": { "type": "string", "format": "date", "nullable": true },
                    "set": { "type": "boolean", "description": "Programmet har satt datoen selv" } } } },
            "events": { "type": "array", "items": { "type": "object",
                "required": ["key", "kind", "start", "end", "title", "description"],
                "properties": {
                    "key": { "type": "string" },
                    "kind": { "type": "string", "enum": ["deadline", "board-decision", "council-decision", "activity"] },
                    "start": date.clone(), "end": date,
                    "title": { "type": "string" }, "description": { "type": "string" } } } } } });
    json!({
        "/api/v1/programmes/{slug}/calendar.ics": {
            "get": {
                "summary": "Programmets årshjul som kalender (alle årene i perioden)",
                "operationId": "programme_calendar",
                "parameters": [slug()],
                "responses": common(json!({ "200": ics.clone() }))
            }
        },
        "/api/v1/me/calendar-token": {
            "post": {
                "summary": "Lag en ny hemmelig abonnementsadresse for kalenderen din; den erstatter den forrige",
                "operationId": "create_calendar_token",
                "responses": common(json!({ "201": json_response("Adressen (vises bare her)", json!({ "type": "object",
                    "required": ["url"], "properties": { "url": { "type": "string", "example": "https://omstilling.example/calendar/AbC.ics" } } })) }))
            },
            "delete": {
                "summary": "Trekk tilbake abonnementsadressen din",
                "operationId": "revoke_calendar_token",
                "responses": common(json!({ "204": { "description": "Trukket tilbake" },
                    "404": error_response("Du har ingen abonnementsadresse") }))
            }
        },
        "/api/v1/programmes/{slug}/year-wheel/{year}": {
            "get": {
                "summary": "Årshjulet for ett år: fristene (satt eller standard) og hendelsene; året i perioden eller et år et vedtak ble gjort i",
                "operationId": "get_year_wheel",
                "parameters": [slug(), year()],
                "responses": common(json!({ "200": json_response("Årshjulet for året", wheel.clone()) }))
            },
            "put": {
                "summary": "Sett fristene for ett år i perioden (redaktører); en frist som mangler eller er null, får standarddatoen. Hver endring føres i revisjonsloggen",
                "operationId": "put_year_wheel",
                "parameters": [slug(), year()],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["dates"], "additionalProperties": false,
                    "properties": { "dates": { "type": "object",
                        "description": "Frist (plan-start, follow-up, psv, board-next-plan, council-next-plan, county-application) → dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ) eller null",
                        "additionalProperties": { "type": "string", "nullable": true } } } },
                    "example": { "dates": { "psv": "2027-10-03" } } } } },
                "responses": common(json!({ "200": json_response("Årshjulet for året etter endringen", wheel),
                    "422": error_response("Ukjent frist eller feil dato (details: frist → melding); ingenting er lagret") }))
            }
        },
        "/calendar/{token}.ics": {
            "get": {
                "summary": "Kalenderabonnement: alle programmene eieren av adressen kan se (uten innlogging)",
                "operationId": "subscription_calendar",
                "security": [],
                "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ics, "404": error_response("Ukjent eller tilbaketrukket adresse"),
                    "default": error_response("Feil") }
            }
        }
    })
}

/// `GET /api/v1/overview` ([`crate::overview`]).
fn overview_path() -> Value {
    let int = || json!({ "type": "integer" });
    let nint = || json!({ "type": "integer", "nullable": true });
    let financing = |nullable: bool| {
        json!({ "type": "object", "nullable": nullable,
        "required": ["state", "county", "municipality", "other"],
        "properties": { "state": int(), "county": int(), "municipality": int(), "other": int() } })
    };
    let decision = json!({ "type": "object", "nullable": true, "required": ["date", "reference"],
        "properties": { "date": { "type": "string" }, "reference": { "type": "string" } } });
    let programme = json!({ "type": "object",
        "required": ["slug", "name", "area", "county", "period", "omstillingsplan", "plan", "jobs",
            "total_cost", "financing", "findings", "url"],
        "properties": {
            "slug": { "type": "string" }, "name": { "type": "string" }, "area": { "type": "string" },
            "county": { "type": "string", "nullable": true },
            "period": { "type": "object", "required": ["from", "to", "year_of_period"],
                "properties": { "from": int(), "to": int(), "year_of_period": nint() } },
            "omstillingsplan": { "type": "object", "required": ["status"],
                "description": "Omstillingsplanens status (none: programmet har ingen)",
                "properties": { "status": { "type": "string", "enum": ["none", "draft", "board-approved", "approved"] } } },
            "plan": { "type": "object", "required": ["status", "version", "board", "council"],
                "properties": { "status": { "type": "string", "enum": ["none", "draft", "board-approved", "approved"] },
                    "version": nint(), "board": decision.clone(), "council": decision } },
            "jobs": { "type": "object", "required": ["target_year", "target_period", "achieved", "achieved_from"],
                "properties": { "target_year": nint(), "target_period": nint(), "achieved": nint(),
                    "achieved_from": { "type": "string", "enum": ["registry", "plan", "none"] } } },
            "total_cost": nint(),
            "financing": financing(true),
            "findings": { "type": "object", "nullable": true, "required": ["errors", "warnings"],
                "properties": { "errors": int(), "warnings": int() } },
            "url": { "type": "string" }
        } });
    let sums = json!({ "type": "object", "required": ["programmes", "jobs", "total_cost", "financing", "findings"],
        "properties": { "programmes": int(),
            "jobs": { "type": "object", "required": ["target_year", "target_period", "achieved"],
                "properties": { "target_year": int(), "target_period": int(), "achieved": int() } },
            "total_cost": int(), "financing": financing(false),
            "findings": { "type": "object", "required": ["errors", "warnings"],
                "properties": { "errors": int(), "warnings": int() } } } });
    let query = |name: &str, description: &str, schema: Value| {
        json!({ "name": name, "in": "query",
        "required": false, "description": description, "schema": schema })
    };
    json!({
        "get": {
            "summary": "Oversikt over programmene for ett år: ett program per rad (de du kan se), summer nederst",
            "description": "Observatører og administratorer ser alle programmer, andre bare sine egne. \
                Tallene leses fra sammendraget som lagres med hver planversjon. Oppnådde arbeidsplasser \
                kommer fra resultatregisteret når programmet har rader der, ellers fra planens punkt 1.1.",
            "operationId": "get_overview",
            "parameters": [
                query("year", "Året (standard: i år)", json!({ "type": "string", "pattern": "^[0-9]{4}$" })),
                query("county", "Bare programmer i dette fylket", json!({ "type": "string" })),
                query("status", "Bare planer med denne statusen", json!({ "type": "string", "enum": ["none", "draft", "board-approved", "approved"] })),
                query("sort", "Sorter etter", json!({ "type": "string", "enum": crate::overview::SORTS })),
                query("order", "Rekkefølge", json!({ "type": "string", "enum": ["asc", "desc"] }))
            ],
            "responses": common(json!({
                "200": json_response("Oversikten", json!({ "type": "object", "required": ["year", "programmes", "sums"],
                    "properties": { "year": int(), "programmes": { "type": "array", "items": programme }, "sums": sums } })),
                "400": error_response("Et filter kan ikke leses")
            }))
        }
    })
}

/// `POST …/plans/{year}/import` ([`crate::word_import`]).
fn import_path() -> Value {
    let finding = json!({ "type": "object", "required": ["code", "severity", "where", "message"],
        "properties": { "code": { "type": "string", "enum": ["import-sum-differs", "import-number",
            "import-placeholder", "import-missing", "import-area-mismatch"] },
            "severity": { "type": "string", "enum": ["warning", "info"] },
            "where": { "type": "string" }, "message": { "type": "string" } } });
    let sum = json!({ "type": "object", "required": ["table", "label", "where", "typed", "computed", "differs"],
        "properties": { "table": { "type": "string" }, "label": { "type": "string" }, "where": { "type": "string" },
            "typed": { "type": "integer" }, "computed": { "type": "integer", "nullable": true },
            "differs": { "type": "boolean" } } });
    let preview = json!({ "type": "object",
        "required": ["dry_run", "year", "plan", "findings", "sums", "check", "current"],
        "properties": {
            "dry_run": { "type": "boolean" },
            "year": { "type": "integer" },
            "plan": { "$ref": "#/components/schemas/Plan" },
            "findings": { "type": "array", "items": finding.clone() },
            "sums": { "type": "array", "items": sum.clone() },
            "check": { "$ref": "#/components/schemas/Check" },
            "current": { "type": "object", "nullable": true,
                "description": "Den gjeldende versjonen av årets plan, som en lagring må oppgi i If-Match",
                "properties": { "version": { "type": "integer" }, "status": { "type": "string" }, "etag": { "type": "string" } } }
        } });
    let saved = json!({ "allOf": [{ "$ref": "#/components/schemas/SavedVersion" }, { "type": "object",
        "required": ["import"], "properties": { "import": { "type": "object", "required": ["findings", "sums"],
            "properties": { "findings": { "type": "array", "items": finding }, "sums": { "type": "array", "items": sum } } } } }] });
    json!({
        "post": {
            "summary": "Importer en Word-plan (DOCX); dry_run=true gir forhåndsvisning, ellers lagres den som årets utkast",
            "description": "Leser en handlingsplan i Word (spesifikasjonen import.md). Forhåndsvisningen gir importfunnene, \
                hver sum dokumentet skrev ved siden av det tallene gir, og planens kontrollobjekt; ingenting lagres. \
                Uten dry_run lagres planen som årets utkast: ny plan (201) når året ikke har en, ellers ny versjon med If-Match (200). \
                Bare redaktører.",
            "operationId": "import_plan",
            "parameters": [slug(), year(),
                { "name": "dry_run", "in": "query", "required": false, "schema": { "type": "boolean" } },
                { "name": "If-Match", "in": "header", "required": false,
                  "description": "ETag-en til versjonen du erstatter; påkrevd når året har en plan", "schema": { "type": "string" } }],
            "requestBody": { "required": true,
                "description": "Word-dokumentet som det er; `application/octet-stream` godtas for de samme bytene",
                "content": {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { "schema": { "type": "string", "format": "binary" } },
                "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } },
            "responses": common(json!({
                "200": json_response("Forhåndsvisningen (dry_run), eller ny versjon lagret", json!({ "oneOf": [preview, saved.clone()] })),
                "201": json_response("Ny plan lagret som utkast", saved),
                "400": error_response("Ugyldig dry_run"),
                "409": error_response("Planen er frosset (behandlet av styret eller vedtatt)"),
                "412": error_response("If-Match er ikke gjeldende ETag"),
                "413": error_response("Dokumentet er større enn grensen (--max-docx-mb)"),
                "422": error_response("Dokumentet kan ikke leses som Word-dokument (unreadable-docx), har ingen handlingsplan (no-plan), eller gjelder et annet år (year-mismatch)"),
                "428": error_response("If-Match mangler: året har allerede en plan")
            }))
        }
    })
}

fn document_path(ext: &str, media: &str) -> Value {
    json!({
        "get": {
            "summary": format!("Planen som {ext}"),
            "operationId": format!("document_{ext}"),
            "parameters": [slug(), year()],
            "responses": common(json!({
                "200": { "description": "Dokumentet", "content": { media: { "schema": { "type": "string", "format": "binary" } } } },
                "404": error_response("Finnes ikke, ikke synlig for deg, eller formatet finnes ikke i denne versjonen ennå")
            }))
        }
    })
}

/// The paths of the results registry ([`crate::results`]).
fn results_paths() -> Value {
    let base = "/api/v1/programmes/{slug}/results";
    let id = json!({ "name": "id", "in": "path", "required": true, "description": "Radens id",
                     "schema": { "type": "integer", "minimum": 1 }, "example": 1 });
    let text_or_number = json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }] });
    let row_in = json!({
        "type": "object", "required": ["date", "focus_area"], "additionalProperties": false,
        "properties": {
            "date": { "type": "string", "description": "2026-03-14 eller 14.03.2026" },
            "focus_area": { "type": "string" },
            "project": { "type": "string", "nullable": true },
            "organisation": { "type": "string", "nullable": true },
            "org_number": { "type": "string", "nullable": true, "description": "9 siffer, MOD11" },
            "new_jobs": text_or_number.clone(), "secured_jobs": text_or_number.clone(),
            "projects_completed": text_or_number.clone(), "applications_granted": text_or_number.clone(),
            "granted_amount": text_or_number.clone(),
            "note": { "type": "string", "nullable": true }
        },
        "example": { "date": "2026-03-14", "focus_area": "Bærekraft", "new_jobs": 2, "granted_amount": 450000 }
    });
    let row_out = json!({ "type": "object", "required": ["id", "date", "focus_area"], "properties": {
        "id": { "type": "integer" }, "date": { "type": "string", "format": "date" },
        "focus_area": { "type": "string" }, "new_jobs": { "type": "integer" },
        "secured_jobs": { "type": "integer" }, "projects_completed": { "type": "integer" },
        "applications_granted": { "type": "integer" }, "granted_amount": { "type": "integer" }
    } });
    let report = json!({ "type": "object", "required": ["ok", "rows", "duplicates", "errors", "records", "granted_amount"],
        "properties": {
            "ok": { "type": "boolean" }, "rows": { "type": "integer" }, "duplicates": { "type": "integer" },
            "added": { "type": "integer" }, "dry_run": { "type": "boolean" },
            "errors": { "type": "array", "items": { "type": "object", "required": ["line", "code", "message"], "properties": {
                "line": { "type": "integer" }, "column": { "type": "string", "nullable": true },
                "code": { "type": "string" }, "message": { "type": "string" } } } },
            "records": { "type": "array", "items": { "type": "object" } },
            "granted_amount": { "type": "array", "items": { "type": "object" } }
        } });
    let mut paths = serde_json::Map::new();
    paths.insert(base.to_owned(), json!({
        "get": {
            "summary": "Resultatradene, med filter på år og innsatsområde, og summer per år og område",
            "operationId": "list_results",
            "parameters": [slug(),
                { "name": "year", "in": "query", "required": false, "schema": { "type": "integer" } },
                { "name": "area", "in": "query", "required": false, "schema": { "type": "string" } }],
            "responses": common(json!({ "200": json_response("Radene", json!({ "type": "object",
                "required": ["rows", "sums"], "properties": { "rows": { "type": "array", "items": row_out.clone() }, "sums": { "type": "object" } } })),
                "400": error_response("Ugyldig filter") }))
        },
        "post": {
            "summary": "Legg til en rad (redaktør)",
            "operationId": "add_result",
            "parameters": [slug()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": row_in.clone() } } },
            "responses": common(json!({ "201": json_response("Raden", row_out.clone()),
                "400": error_response("Ikke JSON eller ukjent felt"),
                "409": error_response("En helt lik rad finnes"),
                "422": error_response("Raden bryter reglene (spesifikasjonen resultater §2)") }))
        }
    }));
    paths.insert(format!("{base}/import"), json!({
        "post": {
            "summary": "Importer en CSV-fil (alt eller ingenting); dry_run=true gir forhåndsvisning",
            "operationId": "import_results",
            "parameters": [slug(),
                { "name": "dry_run", "in": "query", "required": false, "schema": { "type": "boolean" } }],
            "requestBody": { "required": true, "content": { "text/csv": { "schema": { "type": "string" } } } },
            "responses": common(json!({ "200": json_response("Importrapporten", report.clone()),
                "400": error_response("Ugyldig dry_run"),
                "409": error_response("Programmet har ingen plan"),
                "413": error_response("Fila er for stor"),
                "422": json_response("Fila har feil; ingenting er lagret", report) }))
        }
    }));
    paths.insert(
        format!("{base}/export.csv"),
        json!({
            "get": {
                "summary": "Radene som CSV (semikolon, UTF-8 med BOM)",
                "operationId": "export_results_csv",
                "parameters": [slug()],
                "responses": common(json!({ "200": { "description": "CSV",
                    "content": { "text/csv": { "schema": { "type": "string" } } } } }))
            }
        }),
    );
    paths.insert(
        format!("{base}/export.xlsx"),
        json!({
            "get": {
                "summary": "Radene som Excel-arbeidsbok (XLSX), med samme kolonner som CSV-fila",
                "operationId": "export_results_xlsx",
                "parameters": [slug()],
                "responses": common(json!({ "200": { "description": "XLSX",
                    "content": { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                        { "schema": { "type": "string", "format": "binary" } } } } }))
            }
        }),
    );
    paths.insert(format!("{base}/{{id}}"), json!({
        "put": {
            "summary": "Endre en rad (redaktør)",
            "operationId": "change_result",
            "parameters": [slug(), id.clone()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": row_in.clone() } } },
            "responses": common(json!({ "200": json_response("Raden", row_out.clone()),
                "400": error_response("Ikke JSON eller ukjent felt"),
                "409": error_response("En helt lik rad finnes"),
                "422": error_response("Raden bryter reglene") }))
        },
        "delete": {
            "summary": "Slett en rad (redaktør)",
            "operationId": "delete_result",
            "parameters": [slug(), id.clone()],
            "responses": common(json!({ "204": { "description": "Slettet" } }))
        }
    }));
    Value::Object(paths)
}

/// The answers of a yearly plan's check: the check object, with the `omstillingsplan`
/// member when the programme has one, the header `omstillingsplan: none` when not.
fn plan_check_responses() -> Value {
    let against = json!({ "type": "object",
        "description": "Omstillingsplanen planen er kontrollert mot",
        "required": ["version", "status", "etag"],
        "properties": { "version": { "type": "integer" },
            "status": { "type": "string", "enum": ["draft", "board-approved", "approved"] },
            "etag": { "type": "string" } } });
    let schema = json!({ "allOf": [{ "$ref": "#/components/schemas/Check" },
        { "type": "object", "properties": { "omstillingsplan": against } }] });
    let header = json!({ "description": "none: programmet har ingen omstillingsplan, og planen er ikke kontrollert mot en",
        "schema": { "type": "string", "enum": ["none"] } });
    common(json!({
        "200": { "description": "Kontroll", "headers": { "omstillingsplan": header },
            "content": { "application/json": { "schema": schema } } },
        "304": { "description": "Uendret: verken planen, omstillingsplanen eller det resultatregisteret gir, er endret" }
    }))
}

/// The Omstillingsplan's paths (issue 12): the same operations as a yearly plan's, on the
/// programme's one Omstillingsplan, served by the same generic handlers.
fn omstillingsplan_paths() -> Value {
    let base = "/api/v1/programmes/{slug}/omstillingsplan";
    let version = version_parameter;
    let document = json!({ "$ref": "#/components/schemas/Omstillingsplan" });
    let mut paths = serde_json::Map::new();
    paths.insert(base.to_owned(), json!({
        "get": {
            "summary": "Programmets omstillingsplan (spesifikasjonen omstillingsplan.md §2) med sterk ETag",
            "operationId": "get_omstillingsplan",
            "parameters": [slug(),
                { "name": "If-None-Match", "in": "header", "required": false, "schema": { "type": "string" } }],
            "responses": common(json!({
                "200": { "description": "Omstillingsplanen", "headers": { "ETag": { "schema": { "type": "string" } } },
                         "content": { "application/json": { "schema": document.clone() } } },
                "304": { "description": "Uendret" }
            }))
        },
        "put": {
            "summary": "Lagre omstillingsplanen: opprett (201, første versjon) eller erstatt med If-Match (200)",
            "operationId": "put_omstillingsplan",
            "parameters": [slug(),
                { "name": "If-Match", "in": "header", "required": false,
                  "description": "ETag-en til versjonen du erstatter; påkrevd når programmet har en omstillingsplan", "schema": { "type": "string" } }],
            "requestBody": { "required": true, "content": { "application/json": {
                "schema": document.clone(),
                "example": serde_json::from_str::<Value>(crate::demo::FJORDVIK_OMSTILLINGSPLAN).unwrap_or(Value::Null) } } },
            "responses": common(json!({
                "200": json_response("Erstattet", json!({ "$ref": "#/components/schemas/SavedDocumentVersion" })),
                "201": json_response("Opprettet", json!({ "$ref": "#/components/schemas/SavedDocumentVersion" })),
                "409": error_response("Versjonen er frosset (behandlet av styret)"),
                "412": error_response("If-Match er ikke gjeldende ETag"),
                "413": { "description": "For stort innhold" },
                "422": error_response("Omstillingsplanen kan ikke leses (unreadable-omstillingsplan)"),
                "428": error_response("If-Match mangler")
            }))
        }
    }));
    paths.insert(format!("{base}/check"), json!({
        "get": {
            "summary": "Kontrollobjektet til omstillingsplanen (omstillingsplan.md §3)",
            "operationId": "get_omstillingsplan_check",
            "parameters": [slug(),
                { "name": "If-None-Match", "in": "header", "required": false, "schema": { "type": "string" } }],
            "responses": common(json!({ "200": json_response("Kontroll", json!({ "$ref": "#/components/schemas/Check" })),
                "304": { "description": "Uendret" } }))
        }
    }));
    paths.insert(format!("{base}/approvals"), json!({
        "post": {
            "summary": "Registrer styrets (board) eller kommunestyrets (council) vedtak om omstillingsplanen",
            "operationId": "post_omstillingsplan_approval",
            "parameters": [slug()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "required": ["step", "date"], "additionalProperties": false,
                "properties": {
                    "step": { "type": "string", "enum": ["board", "council"] },
                    "date": { "type": "string" },
                    "reference": { "type": "string", "maxLength": 200 }
                } },
                "example": { "step": "board", "date": "2024-11-20", "reference": "sak 12/24" } } } },
            "responses": common(json!({
                "201": json_response("Vedtaket er registrert; en ny, frosset versjon med PDF", json!({ "$ref": "#/components/schemas/DocumentVersion" })),
                "409": error_response("Feil rekkefølge (approval-order), allerede vedtatt, eller planen har feil (plan-has-errors)"),
                "422": error_response("Ugyldig vedtak")
            }))
        }
    }));
    paths.insert(format!("{base}/reopen"), json!({
        "post": {
            "summary": "Gjenåpne en frosset omstillingsplan som nytt utkast",
            "operationId": "post_omstillingsplan_reopen",
            "parameters": [slug()],
            "responses": common(json!({
                "201": json_response("Nytt utkast", json!({ "$ref": "#/components/schemas/DocumentVersion" })),
                "409": error_response("Omstillingsplanen er allerede et utkast")
            }))
        }
    }));
    paths.insert(format!("{base}/versions"), json!({
        "get": {
            "summary": "Alle lagrede versjoner av omstillingsplanen",
            "operationId": "list_omstillingsplan_versions",
            "parameters": [slug()],
            "responses": common(json!({ "200": json_response("Versjoner",
                json!({ "type": "array", "items": { "$ref": "#/components/schemas/DocumentVersion" } })) }))
        }
    }));
    paths.insert(format!("{base}/versions/{{version}}"), json!({
        "get": {
            "summary": "Én versjon av omstillingsplanen",
            "operationId": "get_omstillingsplan_version",
            "parameters": [slug(), version()],
            "responses": common(json!({ "200": { "description": "Omstillingsplanen i denne versjonen",
                "headers": { "ETag": { "schema": { "type": "string" } } },
                "content": { "application/json": { "schema": document } } } }))
        }
    }));
    paths.insert(
        format!("{base}/versions/{{version}}/archive.zip"),
        archive_path(
            "get_omstillingsplan_archive",
            "Arkivpakken til en godkjent versjon av omstillingsplanen: PDF/A, omstillingsplanen (plan.json), kontrollen, arkivmelding (Noark 5) og SHA-256-manifest",
            json!([slug(), version()]),
        ),
    );
    paths.insert(format!("{base}/versions/{{version}}/restore"), json!({
        "post": {
            "summary": "Gjenopprett en versjon av omstillingsplanen som ny utkastversjon; bare for redaktører og bare mens den er et utkast",
            "operationId": "post_omstillingsplan_restore",
            "parameters": [slug(), version(),
                { "name": "If-Match", "in": "header", "required": true,
                  "description": "ETag-en til gjeldende versjon", "schema": { "type": "string" } }],
            "responses": common(json!({
                "200": json_response("Gjenopprettet som ny versjon", json!({ "$ref": "#/components/schemas/SavedDocumentVersion" })),
                "409": error_response("Omstillingsplanen er låst (plan-locked): gjenåpne den først"),
                "412": error_response("If-Match er ikke gjeldende ETag"),
                "428": error_response("If-Match mangler")
            }))
        }
    }));
    for (ext, media) in DOCUMENT_FORMATS {
        paths.insert(format!("{base}/document.{ext}"), json!({
            "get": {
                "summary": format!("Omstillingsplanen som {ext}"),
                "operationId": format!("omstillingsplan_document_{ext}"),
                "parameters": [slug()],
                "responses": common(json!({
                    "200": { "description": "Dokumentet; en frosset versjon gir PDF-en som ble lagret ved vedtaket",
                        "content": { media: { "schema": { "type": "string", "format": "binary" } } } },
                    "404": error_response("Finnes ikke, ikke synlig for deg, eller formatet finnes ikke")
                }))
            }
        }));
    }
    Value::Object(paths)
}

/// A version number in a path.
fn version_parameter() -> Value {
    json!({ "name": "version", "in": "path", "required": true,
        "schema": { "type": "integer", "minimum": 1 }, "example": 1 })
}

/// `GET …/versions/{version}/archive.zip` of a kind of document (one handler for every
/// kind, `crate::archives::get_archive`).
fn archive_path(operation: &str, summary: &str, parameters: Value) -> Value {
    json!({
        "get": {
            "summary": summary,
            "operationId": operation,
            "parameters": parameters,
            "responses": common(json!({
                "200": { "description": "Arkivpakken (zip); samme versjon gir alltid de samme bytene",
                    "content": { "application/zip": { "schema": { "type": "string", "format": "binary" } } } },
                "404": error_response("Versjonen finnes ikke, eller programmet er ikke synlig for deg"),
                "409": error_response("Versjonen er ikke godkjent av kommunestyret (not-approved)")
            }))
        }
    })
}

/// The downloadable formats and their media types.
const DOCUMENT_FORMATS: [(&str, &str); 5] = [
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("pdf", "application/pdf"),
    ("html", "text/html"),
    ("md", "text/markdown"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
];

/// The OpenAPI document.
pub fn document() -> Value {
    let plan_path = "/api/v1/programmes/{slug}/plans/{year}";
    let mut paths = json!({
        "/api/v1/login": {
            "post": {
                "summary": "Logg inn; setter øktkaken og gir CSRF-nøkkelen",
                "operationId": "login",
                "security": [],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["name", "password"], "additionalProperties": false,
                    "properties": { "name": { "type": "string" }, "password": { "type": "string" } } } } } },
                "responses": {
                    "200": json_response("Innlogget", json!({ "type": "object", "required": ["user", "csrf_token"],
                        "properties": { "user": { "$ref": "#/components/schemas/User" }, "csrf_token": { "type": "string" } } })),
                    "401": error_response("Feil brukernavn eller passord"),
                    "422": error_response("Ugyldig innhold"),
                    "429": error_response("For mange mislykkede innlogginger"),
                    "default": error_response("Feil")
                }
            }
        },
        "/api/v1/logout": {
            "post": {
                "summary": "Logg ut",
                "operationId": "logout",
                "responses": common(json!({ "204": { "description": "Logget ut" } }))
            }
        },
        "/api/v1/me": {
            "get": {
                "summary": "Hvem er innlogget",
                "operationId": "me",
                "responses": common(json!({ "200": json_response("Brukeren", json!({ "type": "object",
                    "required": ["user"], "properties": { "user": { "$ref": "#/components/schemas/User" },
                    "csrf_token": { "type": "string", "nullable": true } } })) }))
            }
        },
        "/api/v1/me/tokens": {
            "get": {
                "summary": "Dine API-nøkler (aldri nøkkelen eller hashen)",
                "operationId": "list_tokens",
                "responses": common(json!({ "200": json_response("Nøklene", json!({ "type": "array", "items": { "$ref": "#/components/schemas/Token" } })) }))
            },
            "post": {
                "summary": "Lag en API-nøkkel; nøkkelen vises bare i dette svaret",
                "operationId": "create_token",
                "requestBody": { "required": false, "content": { "application/json": { "schema": { "type": "object",
                    "properties": { "label": { "type": "string", "maxLength": 100 },
                        "expires": { "type": "string", "description": "Levetid: 90d (dager) eller 12w (uker), høyst 5 år; tom: ingen utløp", "example": "90d" } } } } } },
                "responses": common(json!({
                    "201": json_response("Den nye nøkkelen", json!({ "allOf": [ { "$ref": "#/components/schemas/Token" },
                        { "type": "object", "required": ["token"], "properties": { "token": { "type": "string" } } } ] })),
                    "422": error_response("Ugyldig navn eller levetid")
                }))
            }
        },
        "/api/v1/me/tokens/{id}": {
            "delete": {
                "summary": "Trekk tilbake en av dine API-nøkler",
                "operationId": "revoke_token",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" }, "example": "3f9a0c12ab45" }],
                "responses": common(json!({
                    "204": { "description": "Trukket tilbake" },
                    "404": error_response("Ingen slik nøkkel av dine")
                }))
            }
        },
        "/api/v1/programmes": {
            "get": {
                "summary": "Programmene du kan se",
                "operationId": "list_programmes",
                "responses": common(json!({ "200": json_response("Programmer",
                    json!({ "type": "array", "items": { "$ref": "#/components/schemas/Programme" } })) }))
            }
        },
        "/api/v1/programmes/{slug}": {
            "get": {
                "summary": "Ett program",
                "operationId": "get_programme",
                "parameters": [slug()],
                "responses": common(json!({ "200": json_response("Programmet", json!({ "$ref": "#/components/schemas/Programme" })) }))
            }
        },
        "/api/v1/programmes/{slug}/plans": {
            "get": {
                "summary": "Årene med plan, med versjon og status",
                "operationId": "list_plans",
                "parameters": [slug()],
                "responses": common(json!({ "200": json_response("Planer",
                    json!({ "type": "array", "items": { "$ref": "#/components/schemas/Version" } })) }))
            }
        },
        plan_path: {
            "get": {
                "summary": "Planen (spesifikasjonen §2) med sterk ETag",
                "operationId": "get_plan",
                "parameters": [slug(), year(),
                    { "name": "If-None-Match", "in": "header", "required": false, "schema": { "type": "string" } }],
                "responses": common(json!({
                    "200": { "description": "Planen", "headers": { "ETag": { "schema": { "type": "string" } } },
                             "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Plan" } } } },
                    "304": { "description": "Uendret" }
                }))
            },
            "put": {
                "summary": "Lagre planen: opprett (201) eller erstatt med If-Match (200)",
                "operationId": "put_plan",
                "parameters": [slug(), year(),
                    { "name": "If-Match", "in": "header", "required": false,
                      "description": "ETag-en til versjonen du erstatter; påkrevd når planen finnes", "schema": { "type": "string" } }],
                "requestBody": { "required": true, "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Plan" },
                    "example": serde_json::from_str::<Value>(crate::demo::FJORDVIK_2027).unwrap_or(Value::Null) } } },
                "responses": common(json!({
                    "200": json_response("Erstattet", json!({ "$ref": "#/components/schemas/SavedVersion" })),
                    "201": json_response("Opprettet", json!({ "$ref": "#/components/schemas/SavedVersion" })),
                    "409": error_response("Versjonen er frosset (behandlet av styret)"),
                    "412": error_response("If-Match er ikke gjeldende ETag"),
                    "413": { "description": "For stort innhold" },
                    "422": error_response("Planen kan ikke leses, eller året stemmer ikke"),
                    "428": error_response("If-Match mangler")
                }))
            },
            "delete": {
                "summary": "Slett et utkast for et år som aldri er behandlet (et år startet ved en feil); revisjonsloggen beholder hendelsen",
                "operationId": "delete_plan",
                "parameters": [slug(), year(),
                    { "name": "If-Match", "in": "header", "required": true,
                      "description": "ETag-en til gjeldende versjon", "schema": { "type": "string" } }],
                "responses": common(json!({
                    "204": { "description": "Slettet" },
                    "409": error_response("Planen er behandlet minst én gang (decided) og kan ikke slettes"),
                    "412": error_response("If-Match er ikke gjeldende ETag"),
                    "428": error_response("If-Match mangler")
                }))
            }
        },
        "/api/v1/programmes/{slug}/plans/{year}/check": {
            "get": {
                "summary": "Kontrollobjektet (spesifikasjonen §3), kontrollert mot programmets gjeldende omstillingsplan",
                "description": "Når programmet har en omstillingsplan, får funnene også op-funnene (omstillingsplan.md §4) \
                    mot den gjeldende versjonen, ok tar dem med, og objektet får medlemmet omstillingsplan \
                    { version, status, etag } som sier hvilken versjon planen er kontrollert mot; ETag-en får da \
                    -o, omstillingsplanens versjon og starten av dens SHA-256. Uten omstillingsplan er svaret planens egen kontroll \
                    som før, med svarhodet «omstillingsplan: none». Et utkast sammenlignes også med resultatregisteret.",
                "operationId": "get_check",
                "parameters": [slug(), year(),
                    { "name": "If-None-Match", "in": "header", "required": false, "schema": { "type": "string" } }],
                "responses": plan_check_responses()
            }
        },
        "/api/v1/programmes/{slug}/plans/{year}/approvals": {
            "post": {
                "summary": "Registrer styrets (board) eller kommunestyrets (council) vedtak",
                "operationId": "post_approval",
                "parameters": [slug(), year()],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["step", "date"], "additionalProperties": false,
                    "properties": {
                        "step": { "type": "string", "enum": ["board", "council"] },
                        "date": { "type": "string", "description": "Datoen slik den skrives: 2026-12-04, 4.12.2026, 4.12.26 eller 4. desember 2026" },
                        "reference": { "type": "string", "maxLength": 200 }
                    } },
                    "example": { "step": "board", "date": "2026-12-04", "reference": "sak 21/39" } } } },
                "responses": common(json!({
                    "201": json_response("Vedtaket er registrert; en ny, frosset versjon", json!({ "$ref": "#/components/schemas/Version" })),
                    "409": error_response("Feil rekkefølge (approval-order: også kommunestyrets dato før styrets), allerede vedtatt, eller planen har feil"),
                    "422": error_response("Ugyldig vedtak")
                }))
            }
        },
        "/api/v1/programmes/{slug}/plans/{year}/reopen": {
            "post": {
                "summary": "Gjenåpne en frosset plan som nytt utkast",
                "operationId": "post_reopen",
                "parameters": [slug(), year()],
                "responses": common(json!({
                    "201": json_response("Nytt utkast", json!({ "$ref": "#/components/schemas/Version" })),
                    "409": error_response("Planen er allerede et utkast")
                }))
            }
        },
        "/api/v1/programmes/{slug}/plans/{year}/versions": {
            "get": {
                "summary": "Alle lagrede versjoner",
                "operationId": "list_versions",
                "parameters": [slug(), year()],
                "responses": common(json!({ "200": json_response("Versjoner",
                    json!({ "type": "array", "items": { "$ref": "#/components/schemas/Version" } })) }))
            }
        },
        "/api/v1/programmes/{slug}/plans/{year}/versions/{version}": {
            "get": {
                "summary": "Én versjon av planen",
                "operationId": "get_version",
                "parameters": [slug(), year(),
                    { "name": "version", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1 }, "example": 1 }],
                "responses": common(json!({ "200": { "description": "Planen i denne versjonen",
                    "headers": { "ETag": { "schema": { "type": "string" } } },
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Plan" } } } } }))
            }
        },
        "/api/v1/programmes/{slug}/plans/{year}/versions/{version}/restore": {
            "post": {
                "summary": "Gjenopprett en versjon: en ny utkastversjon med innholdet fra versjon {version} (historikken endres aldri); bare for redaktører og bare mens planen er et utkast",
                "operationId": "post_restore",
                "parameters": [slug(), year(),
                    { "name": "version", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1 }, "example": 1 },
                    { "name": "If-Match", "in": "header", "required": true,
                      "description": "ETag-en til gjeldende versjon", "schema": { "type": "string" } }],
                "responses": common(json!({
                    "200": json_response("Gjenopprettet som ny versjon", json!({ "$ref": "#/components/schemas/SavedVersion" })),
                    "409": error_response("Planen er låst (plan-locked): gjenåpne den først"),
                    "412": error_response("If-Match er ikke gjeldende ETag"),
                    "428": error_response("If-Match mangler")
                }))
            }
        },
        "/api/v1/programmes/{slug}/plans/{year}/versions/{version}/archive.zip": archive_path(
            "get_archive",
            "Arkivpakken til en godkjent versjon av planen: PDF/A, planen, kontrollen, arkivmelding (Noark 5) og SHA-256-manifest",
            json!([slug(), year(), version_parameter()]),
        ),
        "/api/v1/audit": {
            "get": {
                "summary": "Revisjonsloggen (bare tillegg, aldri endringer); sikkerhetshendelsene (uten program) bare for administratorer",
                "operationId": "get_audit",
                "parameters": [{ "name": "programme", "in": "query", "required": false,
                    "description": "Programmets kortnavn (påkrevd uten global rolle)", "schema": { "type": "string" }, "example": "fjordvik" }],
                "responses": common(json!({
                    "200": json_response("Oppføringer", json!({ "type": "array", "items": { "$ref": "#/components/schemas/AuditEntry" } })),
                    "400": error_response("Programmet mangler")
                }))
            }
        },
        "/api/v1/overview": overview_path(),
        "/api/v1/openapi.json": {
            "get": {
                "summary": "Dette dokumentet",
                "operationId": "openapi",
                "security": [],
                "responses": { "200": json_response("OpenAPI", json!({ "type": "object" })) }
            }
        }
    });
    for (ext, media) in DOCUMENT_FORMATS {
        paths[format!("{plan_path}/document.{ext}")] = document_path(ext, media);
    }
    paths[format!("{plan_path}/import")] = import_path();
    let decision = json!({ "type": "object", "nullable": true, "required": ["date", "reference"],
        "properties": { "date": { "type": "string" }, "reference": { "type": "string" } } });
    let version_properties = json!({
        "year": { "type": "integer" },
        "version": { "type": "integer", "minimum": 1 },
        "status": { "type": "string", "enum": ["draft", "board-approved", "approved"] },
        "etag": { "type": "string" },
        "sha256": { "type": "string" },
        "author": { "type": "string", "nullable": true },
        "author_id": { "type": "integer", "nullable": true },
        "created_at": { "type": "string", "format": "date-time" },
        "board": decision,
        "council": decision,
        "has_pdf": { "type": "boolean" }
    });
    let mut saved_properties = version_properties.clone();
    saved_properties["check"] = json!({ "$ref": "#/components/schemas/Check" });
    let version_required = json!([
        "year",
        "version",
        "status",
        "etag",
        "sha256",
        "created_at",
        "has_pdf"
    ]);
    if let (Some(paths), Value::Object(results)) = (paths.as_object_mut(), results_paths()) {
        paths.extend(results);
    }
    if let (Some(paths), Value::Object(calendar)) = (paths.as_object_mut(), calendar_paths()) {
        paths.extend(calendar);
    }
    if let (Some(paths), Value::Object(op)) = (paths.as_object_mut(), omstillingsplan_paths()) {
        paths.extend(op);
    }
    let mut document_version_properties = version_properties.clone();
    if let Some(properties) = document_version_properties.as_object_mut() {
        properties.remove("year");
    }
    let mut saved_document_properties = document_version_properties.clone();
    saved_document_properties["check"] = json!({ "$ref": "#/components/schemas/Check" });
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "omstilling",
            "version": "1",
            "description": "Handlingsplaner for omstillingsprogram: lagring med versjoner, vedtak og revisjonslogg. Feil svares som JSON med en norsk melding."
        },
        "servers": [{ "url": "/" }],
        "security": [{ "bearerAuth": [] }, { "cookieAuth": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": { "type": "http", "scheme": "bearer", "description": "API-nøkkel fra `omstilling user token NAVN`" },
                "cookieAuth": { "type": "apiKey", "in": "cookie", "name": "omstilling_session",
                                "description": "Øktkaken fra /api/v1/login; endringer krever X-CSRF-Token" }
            },
            "schemas": {
                "Error": { "type": "object", "required": ["code", "message"],
                    "properties": { "code": { "type": "string" }, "message": { "type": "string" }, "details": {} } },
                "User": { "type": "object", "required": ["id", "name"],
                    "properties": { "id": { "type": "integer" }, "name": { "type": "string" },
                        "global_role": { "type": "string", "enum": ["admin", "observer"], "nullable": true } } },
                "Programme": { "type": "object", "required": ["slug", "name", "area", "period", "role"],
                    "properties": { "slug": { "type": "string" }, "name": { "type": "string" }, "area": { "type": "string" },
                        "county": { "type": "string", "nullable": true },
                        "period": { "type": "object", "required": ["from", "to"], "properties": { "from": { "type": "integer" }, "to": { "type": "integer" } } },
                        "role": { "type": "string", "enum": ["admin", "observer", "editor", "board", "viewer"] } } },
                "Plan": { "type": "object", "description": "En plan i formatet handlingsplan/1 (spesifikasjonen §2)",
                    "required": ["format", "programme", "year"],
                    "properties": { "format": { "type": "string", "enum": ["handlingsplan/1"] },
                        "year": { "type": "integer" }, "programme": { "type": "object" } } },
                "Check": { "type": "object", "description": "Kontrollobjektet (spesifikasjonen §3)",
                    "required": ["ok", "findings", "totals"],
                    "properties": { "ok": { "type": "boolean" },
                        "findings": { "type": "array", "items": { "type": "object",
                            "required": ["code", "severity", "path", "message"],
                            "properties": { "code": { "type": "string" }, "severity": { "type": "string", "enum": ["error", "warning", "info"] },
                                "path": { "type": "string" }, "message": { "type": "string" } } } },
                        "totals": { "type": "object" } } },
                "Version": { "type": "object", "required": version_required, "properties": version_properties },
                "SavedVersion": { "type": "object", "required": ["year", "version", "status", "etag", "check"], "properties": saved_properties },
                "DocumentVersion": { "type": "object", "required": ["version", "status", "etag", "sha256", "created_at", "has_pdf"],
                    "description": "En versjon av et dokument det finnes ett av per program (omstillingsplanen)",
                    "properties": document_version_properties },
                "SavedDocumentVersion": { "type": "object", "required": ["version", "status", "etag", "check"], "properties": saved_document_properties },
                "Omstillingsplan": { "type": "object", "description": "En omstillingsplan i formatet omstillingsplan/1 (omstillingsplan.md §2)",
                    "required": ["format", "programme"],
                    "properties": { "format": { "type": "string", "enum": ["omstillingsplan/1"] },
                        "programme": { "type": "object" } } },
                "AuditEntry": { "type": "object", "required": ["id", "at", "action", "object"],
                    "properties": { "id": { "type": "integer" }, "at": { "type": "string", "format": "date-time" },
                        "actor_id": { "type": "integer", "nullable": true }, "actor": { "type": "string", "nullable": true },
                        "action": { "type": "string" }, "programme": { "type": "string", "nullable": true },
                        "object": { "type": "string" },
                        "version_before": { "type": "integer", "nullable": true },
                        "version_after": { "type": "integer", "nullable": true },
                        "client": { "type": "string", "description": "Klientens adresse, på sikkerhetshendelser" } } },
                "Token": { "type": "object", "required": ["id", "user_id", "user_name", "label", "created_at", "last_used_at", "expires_at"],
                    "properties": { "id": { "type": "string" }, "user_id": { "type": "integer" }, "user_name": { "type": "string" },
                        "label": { "type": "string", "nullable": true },
                        "created_at": { "type": "string", "format": "date-time" },
                        "last_used_at": { "type": "string", "format": "date-time", "nullable": true },
                        "expires_at": { "type": "string", "format": "date-time", "nullable": true } } }
            }
        }
    })
}

pub(crate) async fn openapi_json() -> Json<Value> {
    Json(document())
}
