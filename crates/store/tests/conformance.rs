//! The store conformance suite: the same tests against SQLite and PostgreSQL (atuin's
//! shared test story). Each test gets a fresh database (a new file, or a new schema).

use std::sync::Arc;

use plan::Language;
use store::testing::{Backend, fresh_url};
use store::{
    Caller, Decision, DocKey, GlobalRole, HANDLINGSPLAN, NewProgramme, NewToken, ProgrammeRole,
    SecurityEvent, Store, StoreError, Transition, TransitionKind, VersionStatus,
};
use time::OffsetDateTime;

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

async fn open(backend: Backend) -> Store {
    let url = fresh_url(backend).await;
    store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("connect {url}: {e:?}"))
}

fn programme(slug: &str) -> NewProgramme {
    NewProgramme {
        slug: slug.parse().unwrap(),
        name: "Fjordvik Vekst".to_owned(),
        area: "Fjordvik kommune".to_owned(),
        county: Some("Vestland".to_owned()),
        period_from: 2025,
        period_to: 2030,
    }
}

fn body(n: usize) -> String {
    format!("{{\"n\": {n}}}\n")
}

fn decision(date: &str) -> Decision {
    Decision {
        date: date.to_owned(),
        reference: "sak 21/39".to_owned(),
    }
}

async fn users_and_tokens(backend: Backend) {
    let store = open(backend).await;
    let ada = store
        .create_user("ada", Some("$hash"), Some(GlobalRole::Admin), now())
        .await
        .unwrap();
    assert_eq!(ada.global_role, Some(GlobalRole::Admin));
    assert!(matches!(
        store.create_user("ada", None, None, now()).await,
        Err(StoreError::Conflict(_))
    ));
    let (found, hash) = store.user_by_name("ada").await.unwrap().unwrap();
    assert_eq!(found, ada);
    assert_eq!(hash.as_deref(), Some("$hash"));
    assert!(store.user_by_name("nobody").await.unwrap().is_none());
    store.set_password(ada.id, "$new").await.unwrap();
    assert_eq!(
        store
            .user_by_name("ada")
            .await
            .unwrap()
            .unwrap()
            .1
            .as_deref(),
        Some("$new")
    );
    store.add_token(ada.id, "tokenhash", now()).await.unwrap();
    assert_eq!(
        store.user_by_token("tokenhash").await.unwrap(),
        Some(ada.clone())
    );
    assert_eq!(store.user_by_token("other").await.unwrap(), None);
}

async fn sessions_and_login_failures(backend: Backend) {
    let store = open(backend).await;
    let user = store.create_user("bo", None, None, now()).await.unwrap();
    let now = OffsetDateTime::now_utc();
    store
        .create_session("sid", user.id, "csrf", now)
        .await
        .unwrap();
    let session = store.session("sid").await.unwrap().unwrap();
    assert_eq!(session.user, user);
    assert_eq!(session.csrf_token, "csrf");
    let later = now + time::Duration::minutes(5);
    store.touch_session("sid", later).await.unwrap();
    let session = store.session("sid").await.unwrap().unwrap();
    assert!(session.last_seen_at > session.created_at);
    store.delete_session("sid").await.unwrap();
    assert!(store.session("sid").await.unwrap().is_none());

    let since = now - time::Duration::minutes(15);
    assert_eq!(store.login_failures("bo", since).await.unwrap(), 0);
    assert_eq!(
        store.record_login_failure("bo", now, since).await.unwrap(),
        1
    );
    assert_eq!(
        store.record_login_failure("bo", now, since).await.unwrap(),
        2
    );
    assert_eq!(store.login_failures("other", since).await.unwrap(), 0);
    // Old failures do not count.
    assert_eq!(
        store
            .login_failures("bo", now + time::Duration::minutes(1))
            .await
            .unwrap(),
        0
    );
    store.clear_login_failures("bo").await.unwrap();
    assert_eq!(store.login_failures("bo", since).await.unwrap(), 0);
}

async fn programmes_and_members(backend: Backend) {
    let store = open(backend).await;
    let user = store.create_user("cy", None, None, now()).await.unwrap();
    let b = store
        .create_programme(&programme("b-prog"), Some(user.id), now())
        .await
        .unwrap();
    let a = store
        .create_programme(&programme("a-prog"), None, now())
        .await
        .unwrap();
    assert!(matches!(
        store
            .create_programme(&programme("a-prog"), None, now())
            .await,
        Err(StoreError::Conflict(_))
    ));
    let all = store.programmes().await.unwrap();
    assert_eq!(
        all.iter().map(|p| p.slug.as_str()).collect::<Vec<_>>(),
        ["a-prog", "b-prog"]
    );
    assert_eq!(
        store.programme(&"b-prog".parse().unwrap()).await.unwrap(),
        Some(b.clone())
    );
    assert_eq!(b.county.as_deref(), Some("Vestland"));
    assert_eq!((b.period_from, b.period_to), (2025, 2030));
    assert!(store.member_role(a.id, user.id).await.unwrap().is_none());
    store
        .set_member(a.id, user.id, ProgrammeRole::Viewer, None, now())
        .await
        .unwrap();
    store
        .set_member(a.id, user.id, ProgrammeRole::Board, None, now())
        .await
        .unwrap();
    assert_eq!(
        store.member_role(a.id, user.id).await.unwrap(),
        Some(ProgrammeRole::Board)
    );
    let memberships = store.memberships(user.id).await.unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0].0.slug, "a-prog");
    assert_eq!(memberships[0].1, ProgrammeRole::Board);
}

async fn listing_users_and_memberships(backend: Backend) {
    let store = open(backend).await;
    let zoe = store.create_user("zoe", None, None, now()).await.unwrap();
    let ada = store
        .create_user("ada", Some("$h"), Some(GlobalRole::Admin), now())
        .await
        .unwrap();
    let obs = store
        .create_user("mo", None, Some(GlobalRole::Observer), now())
        .await
        .unwrap();
    let users = store.users().await.unwrap();
    assert_eq!(users, [ada.clone(), obs.clone(), zoe.clone()], "by name");

    let b = store
        .create_programme(&programme("b-prog"), None, now())
        .await
        .unwrap();
    let a = store
        .create_programme(&programme("a-prog"), None, now())
        .await
        .unwrap();
    assert_eq!(store.all_memberships().await.unwrap(), []);
    store
        .set_member(b.id, ada.id, ProgrammeRole::Board, None, now())
        .await
        .unwrap();
    store
        .set_member(a.id, zoe.id, ProgrammeRole::Editor, None, now())
        .await
        .unwrap();
    store
        .set_member(a.id, ada.id, ProgrammeRole::Viewer, Some(ada.id), now())
        .await
        .unwrap();
    let listed: Vec<_> = store
        .all_memberships()
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.programme_slug, m.user_name, m.role, m.user_id))
        .collect();
    assert_eq!(
        listed,
        [
            (
                "a-prog".to_owned(),
                "ada".to_owned(),
                ProgrammeRole::Viewer,
                ada.id
            ),
            (
                "a-prog".to_owned(),
                "zoe".to_owned(),
                ProgrammeRole::Editor,
                zoe.id
            ),
            (
                "b-prog".to_owned(),
                "ada".to_owned(),
                ProgrammeRole::Board,
                ada.id
            ),
        ]
    );
    assert_eq!(
        store.all_memberships().await.unwrap()[0].programme_name,
        "Fjordvik Vekst"
    );

    // Changing the role is a set; removing takes the membership away, once.
    store
        .set_member(a.id, zoe.id, ProgrammeRole::Board, Some(ada.id), now())
        .await
        .unwrap();
    assert_eq!(
        store.member_role(a.id, zoe.id).await.unwrap(),
        Some(ProgrammeRole::Board)
    );
    store
        .remove_member(a.id, ada.id, Some(ada.id), now())
        .await
        .unwrap();
    assert!(store.member_role(a.id, ada.id).await.unwrap().is_none());
    assert!(matches!(
        store.remove_member(a.id, ada.id, Some(ada.id), now()).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.all_memberships().await.unwrap().len(), 2);
    let audit = store.audit(Some(a.id)).await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.object.clone(), last.actor_id),
        ("member.remove", format!("members/{}", ada.id), Some(ada.id))
    );
}

async fn user_language(backend: Backend) {
    let store = open(backend).await;
    let user = store.create_user("nora", None, None, now()).await.unwrap();
    assert_eq!(user.language, None);
    store
        .set_language(user.id, Language::Nynorsk)
        .await
        .unwrap();
    let (found, _) = store.user_by_name("nora").await.unwrap().unwrap();
    assert_eq!(found.language, Some(Language::Nynorsk));
    // The session carries it, so every page knows it without another query.
    store
        .create_session("sid", user.id, "csrf", OffsetDateTime::now_utc())
        .await
        .unwrap();
    let session = store.session("sid").await.unwrap().unwrap();
    assert_eq!(session.user.language, Some(Language::Nynorsk));
    store.add_token(user.id, "tok", now()).await.unwrap();
    assert_eq!(
        store.user_by_token("tok").await.unwrap().unwrap().language,
        Some(Language::Nynorsk)
    );
    // So does the one-query read of a plan (on SQLite also through its own connections).
    for caller in [Caller::User(user.id), Caller::Token("tok")] {
        let read = store
            .read_document(
                caller,
                &"nope".parse().unwrap(),
                &DocKey::handlingsplan(2027),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(read.user.language, Some(Language::Nynorsk));
    }
    store.set_language(user.id, Language::Bokmal).await.unwrap();
    assert_eq!(
        store.users().await.unwrap()[0].language,
        Some(Language::Bokmal)
    );
    assert!(matches!(
        store.set_language(user.id + 1000, Language::Bokmal).await,
        Err(StoreError::NotFound)
    ));
}

async fn plan_versions_and_preconditions(backend: Backend) {
    let store = open(backend).await;
    let user = store.create_user("di", None, None, now()).await.unwrap();
    let p = store
        .create_programme(&programme("p"), None, now())
        .await
        .unwrap();

    assert!(matches!(
        store
            .put(
                p.id,
                &DocKey::handlingsplan(2027),
                Some(1),
                &body(0),
                user.id,
                now()
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let v1 = store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            None,
            &body(1),
            user.id,
            now(),
        )
        .await
        .unwrap();
    assert_eq!((v1.version, v1.status), (1, VersionStatus::Draft));
    assert_eq!(v1.sha256, store::sha256_hex(body(1).as_bytes()));
    assert_eq!(v1.author.as_deref(), Some("di"));
    assert!(matches!(
        store
            .put(
                p.id,
                &DocKey::handlingsplan(2027),
                None,
                &body(9),
                user.id,
                now()
            )
            .await,
        Err(StoreError::PreconditionRequired)
    ));
    let v2 = store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            Some(1),
            &body(2),
            user.id,
            now(),
        )
        .await
        .unwrap();
    assert_eq!(v2.version, 2);
    assert!(matches!(
        store
            .put(
                p.id,
                &DocKey::handlingsplan(2027),
                Some(1),
                &body(9),
                user.id,
                now()
            )
            .await,
        Err(StoreError::Stale { current: 2 })
    ));
    // Another year is another plan.
    store
        .put(
            p.id,
            &DocKey::handlingsplan(2028),
            None,
            &body(3),
            user.id,
            now(),
        )
        .await
        .unwrap();

    let current = store
        .current(p.id, &DocKey::handlingsplan(2027))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(current.body, body(2));
    assert_eq!(current.info, v2);
    assert_eq!(
        store
            .version(p.id, &DocKey::handlingsplan(2027), 1)
            .await
            .unwrap()
            .unwrap()
            .body,
        body(1)
    );
    assert!(
        store
            .version(p.id, &DocKey::handlingsplan(2027), 3)
            .await
            .unwrap()
            .is_none()
    );
    let versions = store
        .versions(p.id, &DocKey::handlingsplan(2027))
        .await
        .unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1, 2]
    );
    let plans = store.documents(p.id, HANDLINGSPLAN).await.unwrap();
    assert_eq!(
        plans
            .iter()
            .map(|v| (v.year().unwrap(), v.version))
            .collect::<Vec<_>>(),
        [(2027, 2), (2028, 1)]
    );
    assert!(
        store
            .current(p.id, &DocKey::handlingsplan(2029))
            .await
            .unwrap()
            .is_none()
    );
}

async fn read_plan_in_one_query(backend: Backend) {
    let store = open(backend).await;
    let editor = store.create_user("ed", None, None, now()).await.unwrap();
    let outsider = store.create_user("ole", None, None, now()).await.unwrap();
    let observer = store
        .create_user("obs", None, Some(GlobalRole::Observer), now())
        .await
        .unwrap();
    store.add_token(editor.id, "edhash", now()).await.unwrap();
    store
        .add_token(outsider.id, "olehash", now())
        .await
        .unwrap();
    let p = store
        .create_programme(&programme("p"), None, now())
        .await
        .unwrap();
    store
        .set_member(p.id, editor.id, ProgrammeRole::Editor, None, now())
        .await
        .unwrap();

    // Unknown token or user: nobody.
    assert_eq!(
        store
            .read_document(
                Caller::Token("nohash"),
                &"p".parse().unwrap(),
                &DocKey::handlingsplan(2027)
            )
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .read_document(
                Caller::User(editor.id + 1000),
                &"p".parse().unwrap(),
                &DocKey::handlingsplan(2027)
            )
            .await
            .unwrap(),
        None
    );
    // Unknown programme: the caller, no programme.
    let read = store
        .read_document(
            Caller::Token("edhash"),
            &"nope".parse().unwrap(),
            &DocKey::handlingsplan(2027),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.user, editor);
    assert_eq!(
        (&read.programme, read.role, &read.plan),
        (&None, None, &None)
    );
    // A member, no plan yet.
    let read = store
        .read_document(
            Caller::Token("edhash"),
            &"p".parse().unwrap(),
            &DocKey::handlingsplan(2027),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.programme.as_ref(), Some(&p));
    assert_eq!(read.role, Some(ProgrammeRole::Editor));
    assert_eq!(read.plan, None);

    store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            None,
            &body(1),
            editor.id,
            now(),
        )
        .await
        .unwrap();
    store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            Some(1),
            &body(2),
            editor.id,
            now(),
        )
        .await
        .unwrap();
    store
        .put(
            p.id,
            &DocKey::handlingsplan(2028),
            None,
            &body(3),
            editor.id,
            now(),
        )
        .await
        .unwrap();
    let current = store
        .current(p.id, &DocKey::handlingsplan(2027))
        .await
        .unwrap();
    for caller in [Caller::Token("edhash"), Caller::User(editor.id)] {
        let read = store
            .read_document(caller, &"p".parse().unwrap(), &DocKey::handlingsplan(2027))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(read.user, editor);
        assert_eq!(read.role, Some(ProgrammeRole::Editor));
        assert_eq!(read.plan, current, "the head, version 2");
    }
    let read = store
        .read_document(
            Caller::Token("edhash"),
            &"p".parse().unwrap(),
            &DocKey::handlingsplan(2028),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        read.plan
            .as_ref()
            .map(|v| (v.info.version, v.body.as_str())),
        Some((1, body(3).as_str()))
    );
    // Not a member: the store says so (the server decides what that means).
    let read = store
        .read_document(
            Caller::Token("olehash"),
            &"p".parse().unwrap(),
            &DocKey::handlingsplan(2027),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!((read.user.id, read.role), (outsider.id, None));
    let read = store
        .read_document(
            Caller::User(observer.id),
            &"p".parse().unwrap(),
            &DocKey::handlingsplan(2027),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.user.global_role, Some(GlobalRole::Observer));
    assert_eq!(read.role, None);
    assert_eq!(read.plan, current);
}

async fn approvals_freeze_and_reopen(backend: Backend) {
    let store = open(backend).await;
    let user = store.create_user("eva", None, None, now()).await.unwrap();
    let p = store
        .create_programme(&programme("p"), None, now())
        .await
        .unwrap();
    store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            None,
            &body(1),
            user.id,
            now(),
        )
        .await
        .unwrap();

    let council_first = Transition {
        expected_version: 1,
        kind: TransitionKind::council(decision("2027-01-28")),
        body: body(2),
        pdf: None,
    };
    assert!(matches!(
        store
            .transition(
                p.id,
                &DocKey::handlingsplan(2027),
                council_first,
                user.id,
                now()
            )
            .await,
        Err(StoreError::WrongStatus {
            version: 1,
            status: VersionStatus::Draft
        })
    ));
    let stale = Transition {
        expected_version: 7,
        kind: TransitionKind::Reopen,
        body: body(2),
        pdf: None,
    };
    assert!(matches!(
        store
            .transition(p.id, &DocKey::handlingsplan(2027), stale, user.id, now())
            .await,
        Err(StoreError::Stale { current: 1 })
    ));

    let board = Transition {
        expected_version: 1,
        kind: TransitionKind::board(decision("2026-12-04")),
        body: body(2),
        pdf: Some(b"%PDF-1.7 test".to_vec()),
    };
    let v2 = store
        .transition(p.id, &DocKey::handlingsplan(2027), board, user.id, now())
        .await
        .unwrap();
    assert_eq!(
        (v2.version, v2.status, v2.has_pdf),
        (2, VersionStatus::BoardApproved, true)
    );
    assert_eq!(v2.decision("board").cloned(), Some(decision("2026-12-04")));
    let read = store
        .read_document(
            Caller::User(user.id),
            &"p".parse().unwrap(),
            &DocKey::handlingsplan(2027),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        read.plan.as_ref().map(|v| (&v.info, v.body.as_str())),
        Some((&v2, body(2).as_str()))
    );
    assert_eq!(
        store
            .version_pdf(p.id, &DocKey::handlingsplan(2027), 2)
            .await
            .unwrap()
            .as_deref(),
        Some(&b"%PDF-1.7 test"[..])
    );

    // Frozen: no draft write, whatever version it names, or none.
    assert!(matches!(
        store
            .put(
                p.id,
                &DocKey::handlingsplan(2027),
                None,
                &body(9),
                user.id,
                now()
            )
            .await,
        Err(StoreError::WrongStatus {
            version: 2,
            status: VersionStatus::BoardApproved
        })
    ));
    assert!(matches!(
        store
            .put(
                p.id,
                &DocKey::handlingsplan(2027),
                Some(2),
                &body(9),
                user.id,
                now()
            )
            .await,
        Err(StoreError::WrongStatus {
            version: 2,
            status: VersionStatus::BoardApproved
        })
    ));

    let council = Transition {
        expected_version: 2,
        kind: TransitionKind::council(decision("2027-01-28")),
        body: body(3),
        pdf: None,
    };
    let v3 = store
        .transition(p.id, &DocKey::handlingsplan(2027), council, user.id, now())
        .await
        .unwrap();
    assert_eq!(v3.status, VersionStatus::Approved);
    assert_eq!(
        v3.decision("board").cloned(),
        Some(decision("2026-12-04")),
        "the board decision is carried forward"
    );
    assert_eq!(
        v3.decision("council").cloned(),
        Some(decision("2027-01-28"))
    );
    // The one-query read sees the decisions and the kept PDF like every other read.
    let read = store
        .read_document(
            Caller::User(user.id),
            &"p".parse().unwrap(),
            &DocKey::handlingsplan(2027),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.plan.as_ref().map(|v| &v.info), Some(&v3));
    assert_eq!(
        read.plan,
        store
            .current(p.id, &DocKey::handlingsplan(2027))
            .await
            .unwrap()
    );

    let reopen = Transition {
        expected_version: 3,
        kind: TransitionKind::Reopen,
        body: body(4),
        pdf: Some(vec![1]),
    };
    let v4 = store
        .transition(p.id, &DocKey::handlingsplan(2027), reopen, user.id, now())
        .await
        .unwrap();
    assert_eq!(
        (v4.version, v4.status, v4.has_pdf),
        (4, VersionStatus::Draft, false)
    );
    assert_eq!(
        (
            v4.decision("board").cloned(),
            v4.decision("council").cloned()
        ),
        (None, None)
    );
    store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            Some(4),
            &body(5),
            user.id,
            now(),
        )
        .await
        .unwrap();
    // The frozen versions are still there, unchanged.
    let v2_again = store
        .version(p.id, &DocKey::handlingsplan(2027), 2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v2_again.info, v2);
    assert_eq!(v2_again.body, body(2));
}

async fn audit_is_complete_and_append_only(backend: Backend, url: Option<String>) {
    let url = match url {
        Some(url) => url,
        None => fresh_url(backend).await,
    };
    let store = store::connect(&url).await.unwrap();
    let user = store.create_user("fa", None, None, now()).await.unwrap();
    let p = store
        .create_programme(&programme("p"), Some(user.id), now())
        .await
        .unwrap();
    let q = store
        .create_programme(&programme("q"), None, now())
        .await
        .unwrap();
    store
        .set_member(p.id, user.id, ProgrammeRole::Editor, None, now())
        .await
        .unwrap();
    store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            None,
            &body(1),
            user.id,
            now(),
        )
        .await
        .unwrap();
    store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            Some(1),
            &body(2),
            user.id,
            now(),
        )
        .await
        .unwrap();
    store
        .put(
            q.id,
            &DocKey::handlingsplan(2027),
            None,
            &body(1),
            user.id,
            now(),
        )
        .await
        .unwrap();
    let _ = store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            Some(1),
            &body(3),
            user.id,
            now(),
        )
        .await; // stale: no entry

    let entries = store.audit(Some(p.id)).await.unwrap();
    let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "programme.create",
            "member.editor",
            "plan.create",
            "plan.update"
        ]
    );
    let update = &entries[3];
    assert_eq!(
        (update.version_before, update.version_after),
        (Some(1), Some(2))
    );
    assert_eq!(update.actor.as_deref(), Some("fa"));
    assert_eq!(update.programme.as_deref(), Some("p"));
    assert_eq!(update.object, "plans/2027");
    assert_eq!(store.audit(None).await.unwrap().len(), 6);

    // The database itself refuses to change or remove entries. (The versions of a
    // document with a decision are refused too: `draft_years_are_deleted_only_undecided`;
    // an undecided draft's may go with it.)
    let statements = ["UPDATE audit SET action = 'x'", "DELETE FROM audit"];
    for statement in statements {
        let refused = match backend {
            Backend::Sqlite => {
                let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
                sqlx::query(statement).execute(&pool).await.is_err()
            }
            Backend::Postgres => {
                let pool = sqlx::PgPool::connect(&url).await.unwrap();
                sqlx::query(statement).execute(&pool).await.is_err()
            }
        };
        assert!(refused, "{statement} must be refused by the database");
    }
    assert_eq!(store.audit(None).await.unwrap().len(), 6);
}

/// A draft year never decided is deleted with its versions, audited; once any decision
/// exists it is refused, by the store and by the database's trigger.
async fn draft_years_are_deleted_only_undecided(backend: Backend) {
    let url = fresh_url(backend).await;
    let store = store::connect(&url).await.unwrap();
    let user = store.create_user("da", None, None, now()).await.unwrap();
    let p = store
        .create_programme(&programme("p"), None, now())
        .await
        .unwrap();
    let (y27, y28) = (DocKey::handlingsplan(2027), DocKey::handlingsplan(2028));
    for doc in [&y27, &y28] {
        store
            .put(p.id, doc, None, &body(1), user.id, now())
            .await
            .unwrap();
        store
            .put(p.id, doc, Some(1), &body(2), user.id, now())
            .await
            .unwrap();
    }
    assert!(matches!(
        store.delete_draft(p.id, &y28, 1, user.id, now()).await,
        Err(StoreError::Stale { current: 2 })
    ));
    assert!(matches!(
        store
            .delete_draft(p.id, &DocKey::handlingsplan(2029), 1, user.id, now())
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .delete_draft(p.id, &y28, 2, user.id, now())
        .await
        .unwrap();
    assert!(store.current(p.id, &y28).await.unwrap().is_none());
    assert!(store.versions(p.id, &y28).await.unwrap().is_empty());
    let audit = store.audit(Some(p.id)).await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.object.as_str()),
        ("plan.delete", "plans/2028")
    );
    assert_eq!((last.version_before, last.version_after), (Some(2), None));
    // The year can be started again, from version 1.
    let again = store
        .put(p.id, &y28, None, &body(3), user.id, now())
        .await
        .unwrap();
    assert_eq!(again.version, 1);

    // Decided once (even reopened since): refused, and the database refuses too.
    let board = Transition {
        expected_version: 2,
        kind: TransitionKind::board(decision("2026-12-04")),
        body: body(3),
        pdf: None,
    };
    store
        .transition(p.id, &y27, board, user.id, now())
        .await
        .unwrap();
    let reopen = Transition {
        expected_version: 3,
        kind: TransitionKind::Reopen,
        body: body(4),
        pdf: None,
    };
    store
        .transition(p.id, &y27, reopen, user.id, now())
        .await
        .unwrap();
    assert!(matches!(
        store.delete_draft(p.id, &y27, 4, user.id, now()).await,
        Err(StoreError::WrongStatus { .. })
    ));
    assert_eq!(store.versions(p.id, &y27).await.unwrap().len(), 4);
    let statement = "DELETE FROM document_versions";
    let refused = match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query(statement).execute(&pool).await.is_err()
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::query(statement).execute(&pool).await.is_err()
        }
    };
    assert!(refused, "the versions of a decided plan stay");
    assert_eq!(store.versions(p.id, &y27).await.unwrap().len(), 4);
}

/// Many writers racing on one plan: every accepted write is a version, every refused one
/// was stale, and the numbers have no gaps.
async fn concurrent_writers_lose_nothing(backend: Backend) {
    let store = open(backend).await;
    let user = store.create_user("gu", None, None, now()).await.unwrap();
    let p = store
        .create_programme(&programme("p"), None, now())
        .await
        .unwrap();
    store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            None,
            &body(0),
            user.id,
            now(),
        )
        .await
        .unwrap();
    let store = Arc::new(store);
    let mut tasks = Vec::new();
    for writer in 0..16 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let (mut accepted, mut refused) = (Vec::new(), 0);
            for cycle in 0..8 {
                let current = store
                    .current(p.id, &DocKey::handlingsplan(2027))
                    .await
                    .unwrap()
                    .unwrap();
                let text = format!("{{\"writer\": {writer}, \"cycle\": {cycle}}}\n");
                match store
                    .put(
                        p.id,
                        &DocKey::handlingsplan(2027),
                        Some(current.info.version),
                        &text,
                        user.id,
                        now(),
                    )
                    .await
                {
                    Ok(info) => accepted.push((info.version, text)),
                    Err(StoreError::Stale { .. }) => refused += 1,
                    Err(other) => panic!("unexpected {other:?}"),
                }
            }
            (accepted, refused)
        }));
    }
    let mut accepted = Vec::new();
    let mut refused = 0;
    for task in tasks {
        let (a, r) = task.await.unwrap();
        accepted.extend(a);
        refused += r;
    }
    assert_eq!(accepted.len() + refused, 16 * 8);
    let versions = store
        .versions(p.id, &DocKey::handlingsplan(2027))
        .await
        .unwrap();
    assert_eq!(versions.len(), accepted.len() + 1);
    for (n, info) in versions.iter().enumerate() {
        assert_eq!(info.version, n as i64 + 1);
    }
    for (version, text) in &accepted {
        let stored = store
            .version(p.id, &DocKey::handlingsplan(2027), *version)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            &stored.body, text,
            "version {version} holds the write that was answered"
        );
    }
}

async fn token_lifecycle(backend: Backend) {
    let store = open(backend).await;
    let ada = store.create_user("ada", None, None, now()).await.unwrap();
    let bo = store
        .create_user("bo", None, Some(GlobalRole::Admin), now())
        .await
        .unwrap();
    let t0 = now();
    let plain = store
        .create_token(
            &NewToken {
                user_id: ada.id,
                token_hash: "hash-plain",
                label: None,
                expires_at: None,
            },
            Some(ada.id),
            t0,
        )
        .await
        .unwrap();
    assert_eq!(plain.id.len(), 12);
    assert!(!plain.id.contains("hash-plain"));
    assert_eq!(plain.user_name, "ada");
    let expiring = store
        .create_token(
            &NewToken {
                user_id: ada.id,
                token_hash: "hash-expiring",
                label: Some("Rapportering «Q4»"),
                expires_at: Some(t0 + time::Duration::days(30)),
            },
            Some(bo.id),
            t0,
        )
        .await
        .unwrap();
    store.add_token(bo.id, "hash-bo", t0).await.unwrap();
    assert!(matches!(
        store
            .create_token(
                &NewToken {
                    user_id: 999_999,
                    token_hash: "hash-nobody",
                    label: None,
                    expires_at: None,
                },
                None,
                t0,
            )
            .await,
        Err(StoreError::NotFound)
    ));

    // Listing: the user's own, or everyone's; never the hash.
    let mine = store.tokens(Some(ada.id)).await.unwrap();
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[1].label.as_deref(), Some("Rapportering «Q4»"));
    assert_eq!(mine[1].expires_at, expiring.expires_at);
    assert_eq!(mine[0].last_used_at, None);
    assert_eq!(store.tokens(None).await.unwrap().len(), 3);

    // Use: recorded, at most once a minute; an expired token lets nobody in.
    let used_at = t0 + time::Duration::seconds(5);
    assert_eq!(
        store.use_token("hash-plain", used_at).await.unwrap(),
        Some(ada.clone())
    );
    let recorded = |tokens: Vec<store::TokenInfo>, id: &str| {
        tokens
            .into_iter()
            .find(|t| t.id == id)
            .unwrap()
            .last_used_at
    };
    let first = recorded(store.tokens(Some(ada.id)).await.unwrap(), &plain.id).unwrap();
    assert!((first - used_at).abs() < time::Duration::milliseconds(1));
    store
        .use_token("hash-plain", used_at + time::Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!(
        recorded(store.tokens(Some(ada.id)).await.unwrap(), &plain.id),
        Some(first)
    );
    let later = used_at + time::Duration::minutes(2);
    store.use_token("hash-plain", later).await.unwrap();
    let second = recorded(store.tokens(Some(ada.id)).await.unwrap(), &plain.id).unwrap();
    assert!(second > first);
    assert_eq!(store.use_token("unknown", later).await.unwrap(), None);
    assert!(
        store
            .use_token("hash-expiring", t0)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        store
            .use_token("hash-expiring", t0 + time::Duration::days(30))
            .await
            .unwrap(),
        None
    );

    // Revocation: by public id, only the owner's when an owner is named.
    assert!(matches!(
        store
            .revoke_token(Some(bo.id), &plain.id, Some(bo.id), now())
            .await,
        Err(StoreError::NotFound)
    ));
    let revoked = store
        .revoke_token(Some(ada.id), &plain.id, Some(ada.id), now())
        .await
        .unwrap();
    assert_eq!(revoked.id, plain.id);
    assert_eq!(store.use_token("hash-plain", now()).await.unwrap(), None);
    assert!(matches!(
        store
            .revoke_token(None, &plain.id, Some(bo.id), now())
            .await,
        Err(StoreError::NotFound)
    ));
    // An admin revokes anyone's.
    store
        .revoke_token(None, &expiring.id, Some(bo.id), now())
        .await
        .unwrap();
    assert!(store.tokens(Some(ada.id)).await.unwrap().is_empty());

    // All in the audit, outside any programme.
    let audit = store.audit(None).await.unwrap();
    let actions: Vec<_> = audit
        .iter()
        .map(|e| (e.action.as_str(), e.object.clone(), e.actor_id))
        .collect();
    let object = |id: &str| format!("users/{}/tokens/{id}", ada.id);
    assert!(actions.contains(&("token.create", object(&plain.id), Some(ada.id))));
    assert!(actions.contains(&("token.create", object(&expiring.id), Some(bo.id))));
    assert!(actions.contains(&("token.revoke", object(&plain.id), Some(ada.id))));
    assert!(actions.contains(&("token.revoke", object(&expiring.id), Some(bo.id))));
    assert!(audit.iter().all(|e| e.programme.is_none()));
}

async fn security_events(backend: Backend) {
    let store = open(backend).await;
    let ada = store.create_user("ada", None, None, now()).await.unwrap();
    store
        .record_event(
            &SecurityEvent {
                actor: None,
                action: "auth.login-failed",
                object: "users/ad<a>",
                client: Some("192.0.2.7"),
            },
            now(),
        )
        .await
        .unwrap();
    store
        .record_event(
            &SecurityEvent {
                actor: Some(ada.id),
                action: "auth.login",
                object: "users/ada",
                client: None,
            },
            now(),
        )
        .await
        .unwrap();
    let audit = store.audit(None).await.unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].action, "auth.login-failed");
    assert_eq!(audit[0].object, "users/ad<a>");
    assert_eq!(audit[0].client.as_deref(), Some("192.0.2.7"));
    assert_eq!(audit[0].actor_id, None);
    assert_eq!(audit[1].actor.as_deref(), Some("ada"));
    assert_eq!(audit[1].client, None);
    assert_eq!(audit[1].programme, None);
    // A programme's audit does not carry them.
    let p = store
        .create_programme(&programme("p"), None, now())
        .await
        .unwrap();
    assert!(
        store
            .audit(Some(p.id))
            .await
            .unwrap()
            .iter()
            .all(|e| !e.action.starts_with("auth."))
    );
}

macro_rules! conformance {
    ($module:ident, $backend:expr) => {
        mod $module {
            use super::*;

            #[tokio::test]
            async fn users_and_tokens() {
                super::users_and_tokens($backend).await;
            }
            #[tokio::test]
            async fn token_lifecycle() {
                super::token_lifecycle($backend).await;
            }
            #[tokio::test]
            async fn security_events() {
                super::security_events($backend).await;
            }
            #[tokio::test]
            async fn sessions_and_login_failures() {
                super::sessions_and_login_failures($backend).await;
            }
            #[tokio::test]
            async fn programmes_and_members() {
                super::programmes_and_members($backend).await;
            }
            #[tokio::test]
            async fn listing_users_and_memberships() {
                super::listing_users_and_memberships($backend).await;
            }
            #[tokio::test]
            async fn user_language() {
                super::user_language($backend).await;
            }
            #[tokio::test]
            async fn plan_versions_and_preconditions() {
                super::plan_versions_and_preconditions($backend).await;
            }
            #[tokio::test]
            async fn read_plan_in_one_query() {
                super::read_plan_in_one_query($backend).await;
            }
            #[tokio::test]
            async fn approvals_freeze_and_reopen() {
                super::approvals_freeze_and_reopen($backend).await;
            }
            #[tokio::test]
            async fn audit_is_complete_and_append_only() {
                super::audit_is_complete_and_append_only($backend, None).await;
            }
            #[tokio::test]
            async fn draft_years_are_deleted_only_undecided() {
                super::draft_years_are_deleted_only_undecided($backend).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn concurrent_writers_lose_nothing() {
                super::concurrent_writers_lose_nothing($backend).await;
            }
        }
    };
}

conformance!(sqlite, Backend::Sqlite);
conformance!(postgres, Backend::Postgres);

#[tokio::test]
async fn sqlite_file_is_wal_with_full_sync() {
    let url = fresh_url(Backend::Sqlite).await;
    let store = store::sqlite::SqliteStore::connect(&url).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
}

#[tokio::test]
async fn in_memory_sqlite_reads_plans_through_its_one_connection() {
    let store = store::connect("sqlite::memory:").await.unwrap();
    let user = store.create_user("mem", None, None, now()).await.unwrap();
    let p = store
        .create_programme(&programme("p"), None, now())
        .await
        .unwrap();
    store
        .set_member(p.id, user.id, ProgrammeRole::Viewer, None, now())
        .await
        .unwrap();
    store
        .put(
            p.id,
            &DocKey::handlingsplan(2027),
            None,
            &body(1),
            user.id,
            now(),
        )
        .await
        .unwrap();
    let read = store
        .read_document(
            Caller::User(user.id),
            &"p".parse().unwrap(),
            &DocKey::handlingsplan(2027),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.role, Some(ProgrammeRole::Viewer));
    assert_eq!(
        read.plan.as_ref().map(|v| v.body.as_str()),
        Some(body(1).as_str())
    );
}

#[test]
fn sha256_hex_is_lowercase_hex_of_the_digest() {
    assert_eq!(
        store::sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        store::sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[tokio::test]
async fn unknown_urls_are_refused() {
    assert!(matches!(
        store::connect("mysql://x").await,
        Err(StoreError::UnsupportedUrl(_))
    ));
}
