//! Every fixed text of the web app's pages, in bokmål and nynorsk. The document's own
//! texts (table headings, SDG names) come from the plan's language, these from the
//! user's choice. Both columns are complete: a missing text does not compile.

use plan::Language;

macro_rules! texts {
    ($($key:ident : $nb:literal, $nn:literal;)*) => {
        /// The user interface texts of one language.
        #[derive(Debug)]
        pub struct Texts {
            pub lang: &'static str,
            $(pub $key: &'static str,)*
        }
        /// Bokmål.
        pub const NB: Texts = Texts { lang: "nb", $($key: $nb,)* };
        /// Nynorsk.
        pub const NN: Texts = Texts { lang: "nn", $($key: $nn,)* };
    };
}

/// The texts for a language.
pub fn texts(language: Language) -> &'static Texts {
    match language {
        Language::Bokmal => &NB,
        Language::Nynorsk => &NN,
    }
}

texts! {
    app_name: "Omstilling", "Omstilling";
    skip: "Hopp til hovedinnholdet", "Hopp til hovudinnhaldet";
    nav_label: "Hovedmeny", "Hovudmeny";
    nav_programmes: "Programmer", "Program";
    nav_admin: "Brukere og tilganger", "Brukarar og tilgangar";
    log_out: "Logg ut", "Logg ut";
    language_switch: "Nynorsk", "Bokmål";
    language_switch_label: "Bytt til nynorsk", "Byt til bokmål";
    signed_in_as: "Innlogget som", "Innlogga som";
    breadcrumbs: "Brødsmulesti", "Brødsmulesti";
    login_title: "Logg inn", "Logg inn";
    login_intro: "Logg inn for å lese og skrive handlingsplaner for omstillingsprogrammet ditt.", "Logg inn for å lese og skrive handlingsplanar for omstillingsprogrammet ditt.";
    username: "Brukernavn", "Brukarnamn";
    password: "Passord", "Passord";
    login_failed: "Feil brukernavn eller passord.", "Feil brukarnamn eller passord.";
    login_limited: "For mange mislykkede forsøk. Vent litt og prøv igjen.", "For mange mislukka forsøk. Vent litt og prøv igjen.";
    error_summary_title: "For å gå videre må du rette opp følgende:", "For å gå vidare må du rette opp dette:";
    programmes_title: "Omstillingsprogrammer", "Omstillingsprogram";
    programmes_intro: "Programmene du har tilgang til, med planen for inneværende år.", "Programma du har tilgang til, med planen for året som er no.";
    no_programmes: "Du har ikke tilgang til noen programmer ennå. Be en administrator om tilgang.", "Du har ikkje tilgang til nokon program enno. Be ein administrator om tilgang.";
    period: "Periode", "Periode";
    county: "Fylke", "Fylke";
    role: "Rolle", "Rolle";
    plans: "Handlingsplaner", "Handlingsplanar";
    year: "År", "År";
    version: "Versjon", "Versjon";
    status: "Status", "Status";
    status_draft: "Utkast", "Utkast";
    status_board: "Behandlet av styret", "Behandla av styret";
    status_approved: "Godkjent av kommunestyret", "Godkjent av kommunestyret";
    job_target_this_year: "Arbeidsplassmål i år", "Arbeidsplassmål i år";
    total_cost: "Samlet kostnad", "Samla kostnad";
    no_plan_this_year: "Ingen plan for {year} ennå", "Ingen plan for {year} enno";
    open: "Åpne", "Opne";
    edit_plan: "Rediger", "Rediger";
    view_plan: "Les", "Les";
    start_next_year: "Start planen for {year}", "Start planen for {year}";
    start_next_year_help: "Kopierer planen for {from} til {year}. Du kan endre alt etterpå.", "Kopierer planen for {from} til {year}. Du kan endre alt etterpå.";
    start_first_plan: "Start planen for {year}", "Start planen for {year}";
    no_plans: "Programmet har ingen handlingsplaner ennå.", "Programmet har ingen handlingsplanar enno.";
    plan_exists: "Det finnes allerede en plan for {year}.", "Det finst alt ein plan for {year}.";
    editor_title: "Handlingsplan {year}", "Handlingsplan {year}";
    sections: "Deler av planen", "Delar av planen";
    section_front: "Forside og program", "Framside og program";
    section_areas: "Innsatsområder og arbeidsplassmål", "Innsatsområde og arbeidsplassmål";
    section_resources: "Ressursinnsats og finansiering", "Ressursinnsats og finansiering";
    section_results: "Resultater fra tidligere år", "Resultat frå tidlegare år";
    section_communication: "Kommunikasjonsplan", "Kommunikasjonsplan";
    programme_name: "Programmets navn", "Namnet på programmet";
    programme_area: "Omstillingsområde", "Omstillingsområde";
    programme_area_help: "Kommunen eller regionen, for eksempel «Fjordvik kommune».", "Kommunen eller regionen, til dømes «Fjordvik kommune».";
    vision: "Visjon", "Visjon";
    period_from: "Perioden starter", "Perioden startar";
    period_to: "Perioden slutter", "Perioden sluttar";
    jobs_goal: "Arbeidsplassmål for hele perioden", "Arbeidsplassmål for heile perioden";
    plan_year: "Omstillingsår", "Omstillingsår";
    plan_language: "Språk i dokumentet", "Språk i dokumentet";
    bokmal: "Bokmål", "Bokmål";
    nynorsk: "Nynorsk", "Nynorsk";
    approvals: "Vedtak", "Vedtak";
    focus_area: "Innsatsområde", "Innsatsområde";
    area_name: "Navn på innsatsområdet", "Namn på innsatsområdet";
    description: "Beskrivelse", "Skildring";
    impact_goal: "Effektmål", "Effektmål";
    result_goal: "Resultatmål", "Resultatmål";
    has_job_targets: "Innsatsområdet har arbeidsplassmål", "Innsatsområdet har arbeidsplassmål";
    job_targets: "Arbeidsplassmål per år", "Arbeidsplassmål per år";
    job_grid_caption: "Arbeidsplassmål for {area}, per år", "Arbeidsplassmål for {area}, per år";
    strategy: "Strategi", "Strategi";
    strategy_name: "Navn på strategien", "Namn på strategien";
    strategy_content: "Innhold", "Innhald";
    sdg: "Bærekraftsmål", "Berekraftsmål";
    sdg_none: "Ingen", "Ingen";
    project: "Prosjekt", "Prosjekt";
    project_name: "Prosjekt eller tiltak", "Prosjekt eller tiltak";
    project_goal: "Prosjektmål", "Prosjektmål";
    budget: "Budsjett (kr)", "Budsjett (kr)";
    grant_funds: "Søkbare midler (kr)", "Søkbare midlar (kr)";
    programme_resources: "Programmets ressursinnsats (kr)", "Ressursinnsatsen til programmet (kr)";
    admin_costs: "Administrative kostnader til programledelse (kr)", "Administrative kostnader til programleiing (kr)";
    financing: "Finansiering", "Finansiering";
    source: "Finansieringskilde", "Finansieringskjelde";
    source_kind: "Type kilde", "Type kjelde";
    kind_none: "Ikke oppgitt", "Ikkje oppgitt";
    kind_state: "Staten", "Staten";
    kind_county: "Fylkeskommunen", "Fylkeskommunen";
    kind_municipality: "Kommunen", "Kommunen";
    kind_other: "Annen", "Anna";
    share: "Andel (%)", "Del (%)";
    amount: "Beløp (kr)", "Beløp (kr)";
    financing_help: "Oppgi enten andel eller beløp for alle kildene.", "Oppgi anten del eller beløp for alle kjeldene.";
    results_summary: "Oppsummering", "Oppsummering";
    result_record: "Resultat", "Resultat";
    new_jobs: "Nye arbeidsplasser", "Nye arbeidsplassar";
    secured_jobs: "Sikrede arbeidsplasser", "Sikra arbeidsplassar";
    projects_completed: "Gjennomførte prosjekter", "Gjennomførte prosjekt";
    applications_granted: "Innvilgede søknader", "Innvilga søknader";
    activity: "Aktivitet", "Aktivitet";
    month: "Måned", "Månad";
    title: "Tittel", "Tittel";
    audience: "Målgruppe", "Målgruppe";
    channel: "Kanal", "Kanal";
    responsible: "Ansvarlig", "Ansvarleg";
    add_area: "Legg til innsatsområde", "Legg til innsatsområde";
    add_strategy: "Legg til strategi", "Legg til strategi";
    add_project: "Legg til prosjekt", "Legg til prosjekt";
    add_source: "Legg til finansieringskilde", "Legg til finansieringskjelde";
    add_record: "Legg til resultat", "Legg til resultat";
    fetch_results: "Hent resultater fra registeret", "Hent resultat frå registeret";
    fetch_results_help: "Fyller resultatene under med summene fra resultatregisteret for årene før planen, og lagrer dem som en ny versjon.", "Fyller resultata under med summane frå resultatregisteret for åra før planen, og lagrar dei som ein ny versjon.";
    fetched_results: "Resultatene er hentet fra registeret og lagret som versjon {version}.", "Resultata er henta frå registeret og lagra som versjon {version}.";
    fetched_nothing: "Registeret har ingen resultater for årene før planen; ingenting er endret.", "Registeret har ingen resultat for åra før planen; ingenting er endra.";
    results_link: "Resultatregister", "Resultatregister";
    add_activity: "Legg til aktivitet", "Legg til aktivitet";
    remove: "Fjern", "Fjern";
    move_up: "Flytt opp", "Flytt opp";
    move_down: "Flytt ned", "Flytt ned";
    new_area: "Nytt innsatsområde", "Nytt innsatsområde";
    new_strategy: "Ny strategi", "Ny strategi";
    new_project: "Nytt prosjekt", "Nytt prosjekt";
    new_source: "Ny kilde", "Ny kjelde";
    new_activity: "Ny aktivitet", "Ny aktivitet";
    save: "Lagre", "Lagre";
    saved_version: "Lagret som versjon {version}.", "Lagra som versjon {version}.";
    js_saving: "Lagrer …", "Lagrar …";
    js_saved: "Alle endringer er lagret (versjon {version}).", "Alle endringar er lagra (versjon {version}).";
    js_unsaved: "Endringer som ikke er lagret ennå", "Endringar som ikkje er lagra enno";
    js_offline: "Ikke lagret: ingen forbindelse. Endringene er tatt vare på i nettleseren; trykk Lagre for å prøve igjen.", "Ikkje lagra: inga tilkopling. Endringane er tekne vare på i nettlesaren; trykk Lagre for å prøve igjen.";
    js_invalid: "Ikke lagret: rett opp feltene som er merket.", "Ikkje lagra: rett opp felta som er merkte.";
    js_conflict: "Ikke lagret: noen andre har endret de samme feltene.", "Ikkje lagra: nokon andre har endra dei same felta.";
    js_expired: "Ikke lagret: du er logget ut. Endringene er tatt vare på i nettleseren; logg inn på nytt i en ny fane og trykk Lagre.", "Ikkje lagra: du er logga ut. Endringane er tekne vare på i nettlesaren; logg inn på nytt i ei ny fane og trykk Lagre.";
    js_locked: "Planen er låst og kan ikke endres.", "Planen er låst og kan ikkje endrast.";
    js_failed: "Ikke lagret: noe gikk galt. Endringene er tatt vare på i nettleseren.", "Ikkje lagra: noko gjekk gale. Endringane er tekne vare på i nettlesaren.";
    js_structural: "Lagret (versjon {version}). Andre har lagt til eller fjernet elementer i planen: last inn siden på nytt for å se dem.", "Lagra (versjon {version}). Andre har lagt til eller fjerna element i planen: last inn sida på nytt for å sjå dei.";
    js_mine: "Din verdi", "Verdien din";
    js_theirs: "Lagret av noen andre", "Lagra av nokon andre";
    js_empty: "(tomt)", "(tomt)";
    restore_text: "Endringer som ikke ble lagret sist: {n}.", "Endringar som ikkje vart lagra sist: {n}.";
    restore_apply: "Hent dem tilbake", "Hent dei tilbake";
    restore_discard: "Forkast", "Forkast";
    computed: "Beregnet", "Rekna ut";
    findings: "Funn i planen", "Funn i planen";
    findings_none: "Ingen funn: planen er klar for styret.", "Ingen funn: planen er klar for styret.";
    count_error_one: "{n} feil", "{n} feil";
    count_error_many: "{n} feil", "{n} feil";
    count_warning_one: "{n} advarsel", "{n} åtvaring";
    count_warning_many: "{n} advarsler", "{n} åtvaringar";
    count_info_one: "{n} merknad", "{n} merknad";
    count_info_many: "{n} merknader", "{n} merknader";
    severity_error: "Feil", "Feil";
    severity_warning: "Advarsel", "Åtvaring";
    severity_info: "Merknad", "Merknad";
    go_to_field: "Gå til feltet", "Gå til feltet";
    field_errors_title: "Planen ble ikke lagret. Rett opp feltene:", "Planen vart ikkje lagra. Rett opp felta:";
    locked: "Planen er behandlet av styret og er låst. Gjenåpne den for å lage et nytt utkast.", "Planen er behandla av styret og er låst. Opne han på nytt for å lage eit nytt utkast.";
    read_only: "Du kan lese planen, men ikke endre den.", "Du kan lese planen, men ikkje endre han.";
    preview: "Forhåndsvisning", "Førehandsvising";
    downloads: "Last ned", "Last ned";
    history: "Versjonshistorikk", "Versjonshistorikk";
    choose_area: "Velg innsatsområde", "Vel innsatsområde";
    area_not_in_plan: "{name} (ikke i planen)", "{name} (ikkje i planen)";
    history_pages: "Sider i versjonshistorikken", "Sider i versjonshistorikken";
    newer_versions: "Nyere versjoner", "Nyare versjonar";
    older_versions: "Eldre versjoner", "Eldre versjonar";
    page_of: "Side {page} av {pages}", "Side {page} av {pages}";
    versions_range: "Versjon {from}–{to} av {total}, nyeste først", "Versjon {from}–{to} av {total}, nyaste først";
    author: "Lagret av", "Lagra av";
    saved_at: "Tidspunkt", "Tidspunkt";
    compare: "Sammenlign versjoner", "Samanlikn versjonar";
    compare_from: "Fra versjon", "Frå versjon";
    compare_to: "Til versjon", "Til versjon";
    compare_button: "Vis endringer", "Vis endringar";
    diff_title: "Endringer fra versjon {a} til versjon {b}", "Endringar frå versjon {a} til versjon {b}";
    diff_none: "Ingen endringer.", "Ingen endringar.";
    field: "Felt", "Felt";
    before: "Før", "Før";
    after: "Etter", "Etter";
    since_board: "Endringer siden styret så planen", "Endringar sidan styret såg planen";
    approval_title: "Godkjenning", "Godkjenning";
    approval_board: "Styrets behandling", "Styret si handsaming";
    approval_council: "Kommunestyrets vedtak", "Vedtaket i kommunestyret";
    decision_date: "Dato for vedtaket", "Dato for vedtaket";
    decision_date_help: "Skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2026-12-04.", "Skriv datoen som ÅÅÅÅ-MM-DD, til dømes 2026-12-04.";
    decision_reference: "Saksnummer", "Saksnummer";
    decision_reference_help: "For eksempel «sak 21/39».", "Til dømes «sak 21/39».";
    record_board: "Registrer styrets behandling", "Registrer handsaminga i styret";
    record_council: "Registrer kommunestyrets vedtak", "Registrer vedtaket i kommunestyret";
    reopen: "Gjenåpne som nytt utkast", "Opne på nytt som nytt utkast";
    approval_has_errors: "Planen har feil og kan ikke godkjennes før de er rettet.", "Planen har feil og kan ikkje godkjennast før dei er retta.";
    approval_recorded: "Vedtaket er registrert, og planen er låst.", "Vedtaket er registrert, og planen er låst.";
    reopen_not_frozen: "Planen er allerede et utkast og kan endres.", "Planen er alt eit utkast og kan endrast.";
    reopen_changed: "Planen ble endret samtidig. Hent den på nytt og prøv igjen.", "Planen vart endra samstundes. Hent han på nytt og prøv igjen.";
    board_decided: "Styret behandlet planen {date} ({reference}).", "Styret behandla planen {date} ({reference}).";
    council_decided: "Kommunestyret godkjente planen {date} ({reference}).", "Kommunestyret godkjende planen {date} ({reference}).";
    conflict_title: "Noen andre har endret de samme feltene", "Nokon andre har endra dei same felta";
    conflict_intro: "Mens du skrev, lagret noen andre en ny versjon av planen. Endringene deres i andre felt er tatt med. For feltene under må du velge hvilken verdi som skal gjelde.", "Medan du skreiv, lagra nokon andre ein ny versjon av planen. Endringane deira i andre felt er tekne med. For felta under må du velje kva verdi som skal gjelde.";
    conflict_apply: "Lagre valgene", "Lagre vala";
    conflict_cancel: "Avbryt", "Avbryt";
    conflict_item: "fjernet av den ene, endret av den andre", "fjerna av den eine, endra av den andre";
    conflict_removed: "Fjernet", "Fjerna";
    not_found_title: "Fant ikke siden", "Fann ikkje sida";
    not_found: "Siden finnes ikke, eller du har ikke tilgang til den.", "Sida finst ikkje, eller du har ikkje tilgang til henne.";
    forbidden_title: "Ikke tilgang", "Ikkje tilgang";
    forbidden: "Du har ikke tilgang til å gjøre dette.", "Du har ikkje tilgang til å gjere dette.";
    error_title: "Noe gikk galt", "Noko gjekk gale";
    error_text: "Prøv igjen litt senere. Endringene dine er tatt vare på i nettleseren.", "Prøv igjen litt seinare. Endringane dine er tekne vare på i nettlesaren.";
    back: "Tilbake", "Tilbake";
    users: "Brukere", "Brukarar";
    add_user: "Legg til bruker", "Legg til brukar";
    global_role: "Global rolle", "Global rolle";
    role_none: "Ingen", "Ingen";
    role_admin: "Administrator", "Administrator";
    role_observer: "Observatør (leser alle programmer)", "Observatør (les alle program)";
    role_editor: "Redaktør", "Redaktør";
    role_board: "Styret", "Styret";
    role_viewer: "Leser", "Lesar";
    memberships: "Tilganger til programmer", "Tilgangar til program";
    set_member: "Gi tilgang", "Gi tilgang";
    programme: "Program", "Program";
    user_added: "Brukeren er lagt til.", "Brukaren er lagd til.";
    account_title: "Min konto", "Min konto";
    password_change_title: "Bytt passord", "Byt passord";
    password_current: "Nåværende passord", "Noverande passord";
    password_new: "Nytt passord", "Nytt passord";
    password_repeat: "Gjenta det nye passordet", "Gjenta det nye passordet";
    password_hint: "Minst 8 tegn (12 for administratorer), høyst 256. Alle tegn er lov, også mellomrom og æ, ø, å. Vanlige passord og passord bygd av vanlige ord og årstall avvises.", "Minst 8 teikn (12 for administratorar), høgst 256. Alle teikn er lov, også mellomrom og æ, ø, å. Vanlege passord og passord bygde av vanlege ord og årstal blir avviste.";
    password_changed: "Passordet er endret. Du er logget ut overalt ellers.", "Passordet er endra. Du er logga ut alle andre stader.";
    password_mismatch: "De to nye passordene er ikke like.", "Dei to nye passorda er ikkje like.";
    password_current_wrong: "Nåværende passord er feil.", "Noverande passord er feil.";
    member_set: "Tilgangen er lagret.", "Tilgangen er lagra.";
    member_removed: "Tilgangen er fjernet.", "Tilgangen er fjerna.";
    users_caption: "Alle brukere", "Alle brukarar";
    memberships_caption: "Hvem har tilgang til hvilke programmer", "Kven har tilgang til kva program";
    no_memberships: "Ingen har tilgang til noe program ennå.", "Ingen har tilgang til noko program enno.";
    language_col: "Språk", "Språk";
    language_nb: "Bokmål", "Bokmål";
    language_nn: "Nynorsk", "Nynorsk";
    actions: "Endre", "Endre";
    change_role: "Endre rolle", "Endre rolle";
    role_for: "Rolle for {user} i {programme}", "Rolle for {user} i {programme}";
    remove_member: "Fjern tilgang", "Fjern tilgang";
    remove_member_label: "Fjern tilgangen til {user} i {programme}", "Fjern tilgangen til {user} i {programme}";
    add_member_title: "Gi en bruker tilgang", "Gi ein brukar tilgang";
    jobs_table: "Arbeidsplassmål", "Arbeidsplassmål";
    resources_table: "Ressursinnsats fordelt på innsatsområdene", "Ressursinnsats fordelt på innsatsområda";
    strategy_table: "Strategier og tiltak", "Strategiar og tiltak";
}
