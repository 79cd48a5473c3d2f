//! Three-way merge of form fields, so that two people can edit one plan at once.
//!
//! A save carries the version its page was loaded from (the *base*). When the plan has
//! moved on since (someone else saved: *theirs*), the user's own changes (*mine* against
//! base, including the add / remove / move the user's button asked for) are applied onto
//! the latest version.
//!
//! The merge follows the plan's shape. Plain fields merge one by one: a field only one
//! side changed takes that change; a field both changed to different values is a
//! [`Conflict`] (the user sees both values and chooses). Lists (areas, strategies,
//! projects, sources, results, activities) merge item by item: each side's items are
//! matched to the base's items ([`align`]: in order, by content, positionally when the
//! side kept the length), then
//!
//! - an item both kept merges field by field (recursively, for its own lists);
//! - an item either side added is kept: theirs in their place, mine after them, so two
//!   people adding a project to the same strategy get both projects;
//! - an item one side removed and the other left alone is removed;
//! - an item one side removed and the other changed is a conflict about the whole item:
//!   the changed item is shown and kept until the user chooses, so nothing is lost.
//!
//! Every conflict carries the user's own value ([`Conflict::mine_fields`]) keyed by the
//! merged field paths, so [`resolve`] applies a choice without knowing how it arose.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::Fields;

/// A field or an item both sides changed incompatibly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// A field (`admin_costs`) or a whole list item (`financing[2]`), in the merged paths.
    pub path: String,
    /// What the user has, for display; `None`: removed (or empty).
    pub mine: Option<String>,
    /// What the latest version has, for display; `None`: removed (or empty).
    pub theirs: Option<String>,
    /// The user's fields for this path (the field, or every field of the item), keyed by
    /// merged paths; empty when the user removed it. Taking "mine" puts exactly these in.
    pub mine_fields: Fields,
}

impl Conflict {
    /// Whether the conflict is about a whole list item rather than one field.
    pub fn is_item(&self) -> bool {
        self.path.ends_with(']')
    }
}

/// The merged fields (their value where there is a conflict) and the conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merged {
    pub fields: Fields,
    pub conflicts: Vec<Conflict>,
    /// Where the user's list items ended up: (path in mine, path in the merge).
    pub moved: Vec<(String, String)>,
}

impl Merged {
    /// A path of the user's fields as a path of the merged fields (items may have moved
    /// when someone else added or removed items before them).
    pub fn map_path(&self, path: &str) -> String {
        let best = self
            .moved
            .iter()
            .filter(|(from, _)| {
                path == from
                    || path
                        .strip_prefix(from.as_str())
                        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
            })
            .max_by_key(|(from, _)| from.len());
        match best {
            Some((from, to)) => format!("{to}{}", &path[from.len()..]),
            None => path.to_owned(),
        }
    }
}

/// Merges `mine` and `theirs`, both edited from `base`.
pub fn merge(base: &Fields, mine: &Fields, theirs: &Fields) -> Merged {
    let mut merged = Merged::default();
    merge_node(base, mine, theirs, "", "", &mut merged);
    merged.conflicts.sort_by(|a, b| a.path.cmp(&b.path));
    merged
}

/// Applies the user's choices: for each conflict, `true` takes mine (its
/// [`Conflict::mine_fields`] replace the merged field or item).
pub fn resolve(merged: &Merged, take_mine: impl Fn(&str) -> bool) -> Fields {
    let mut fields = merged.fields.clone();
    for conflict in &merged.conflicts {
        if !take_mine(&conflict.path) {
            continue;
        }
        fields.retain(|k, _| !within(k, &conflict.path));
        for (k, v) in &conflict.mine_fields {
            fields.insert(k.clone(), v.clone());
        }
    }
    fields
}

/// Whether `key` is `path` itself or a field inside it.
pub fn within(key: &str, path: &str) -> bool {
    key.strip_prefix(path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The fields of one list item, relative to the item (`name`, `projects[0].budget`).
type Item = Fields;

/// A node's plain fields, and its lists with their items by index.
#[derive(Default)]
struct Node {
    scalars: Fields,
    lists: BTreeMap<String, BTreeMap<usize, Item>>,
}

fn split(fields: &Fields) -> Node {
    let mut node = Node::default();
    for (key, value) in fields {
        let parsed = key.find('[').and_then(|open| {
            let rest = &key[open + 1..];
            let close = rest.find(']')?;
            let index = rest[..close].parse::<usize>().ok()?;
            let after = &rest[close + 1..];
            let inner = after.strip_prefix('.').unwrap_or(after);
            Some((&key[..open], index, inner))
        });
        match parsed {
            Some((list, index, inner)) => {
                node.lists
                    .entry(list.to_owned())
                    .or_default()
                    .entry(index)
                    .or_default()
                    .insert(inner.to_owned(), value.clone());
            }
            None => {
                node.scalars.insert(key.clone(), value.clone());
            }
        }
    }
    node
}

fn merge_node(
    base: &Fields,
    mine: &Fields,
    theirs: &Fields,
    mine_prefix: &str,
    out_prefix: &str,
    merged: &mut Merged,
) {
    let (b, m, t) = (split(base), split(mine), split(theirs));
    let keys: BTreeSet<&String> = b
        .scalars
        .keys()
        .chain(m.scalars.keys())
        .chain(t.scalars.keys())
        .collect();
    for key in keys {
        let (bv, mv, tv) = (b.scalars.get(key), m.scalars.get(key), t.scalars.get(key));
        let path = format!("{out_prefix}{key}");
        let chosen = if mv == bv || mv == tv {
            tv
        } else if tv == bv {
            mv
        } else {
            merged.conflicts.push(Conflict {
                path: path.clone(),
                mine: mv.cloned(),
                theirs: tv.cloned(),
                mine_fields: mv.map(|v| (path.clone(), v.clone())).into_iter().collect(),
            });
            tv
        };
        if let Some(value) = chosen {
            merged.fields.insert(path, value.clone());
        }
    }
    let empty = BTreeMap::new();
    let lists: BTreeSet<&String> = b
        .lists
        .keys()
        .chain(m.lists.keys())
        .chain(t.lists.keys())
        .collect();
    for list in lists {
        let items = |node: &Node| -> Vec<(usize, Item)> {
            node.lists
                .get(list)
                .unwrap_or(&empty)
                .iter()
                .map(|(i, item)| (*i, item.clone()))
                .collect()
        };
        merge_list(
            list,
            &items(&b),
            &items(&m),
            &items(&t),
            mine_prefix,
            out_prefix,
            merged,
        );
    }
}

fn merge_list(
    list: &str,
    base: &[(usize, Item)],
    mine: &[(usize, Item)],
    theirs: &[(usize, Item)],
    mine_prefix: &str,
    out_prefix: &str,
    merged: &mut Merged,
) {
    let base_items: Vec<&Item> = base.iter().map(|(_, item)| item).collect();
    let mine_to_base = align(
        &base_items,
        &mine.iter().map(|(_, i)| i).collect::<Vec<_>>(),
    );
    let theirs_to_base = align(
        &base_items,
        &theirs.iter().map(|(_, i)| i).collect::<Vec<_>>(),
    );
    let mut base_to_mine = vec![None; base.len()];
    for (m, b) in mine_to_base.iter().enumerate() {
        if let Some(b) = b {
            base_to_mine[*b] = Some(m);
        }
    }
    let mut base_to_theirs = vec![None; base.len()];
    for (t, b) in theirs_to_base.iter().enumerate() {
        if let Some(b) = b {
            base_to_theirs[*b] = Some(t);
        }
    }
    let mut next = 0usize;
    let mut emit = |item: &Item, merged: &mut Merged| -> String {
        let path = format!("{out_prefix}{list}[{next}]");
        next += 1;
        for (k, v) in item {
            merged.fields.insert(item_key(&path, k), v.clone());
        }
        path
    };
    let mine_path = |m: usize| format!("{mine_prefix}{list}[{}]", mine[m].0);
    // Their items, in their order.
    for (t, (_, their_item)) in theirs.iter().enumerate() {
        match theirs_to_base[t] {
            Some(b) => match base_to_mine[b] {
                Some(m) => {
                    let path = emit(&Item::new(), merged);
                    merged.moved.push((mine_path(m), path.clone()));
                    merge_node(
                        &base[b].1,
                        &mine[m].1,
                        their_item,
                        &format!("{}.", mine_path(m)),
                        &format!("{path}."),
                        merged,
                    );
                }
                None if *their_item == base[b].1 => {} // removed by me, untouched by them
                None => {
                    // I removed what they changed: keep theirs until the user chooses.
                    let path = emit(their_item, merged);
                    merged.conflicts.push(Conflict {
                        mine: None,
                        theirs: Some(summary(their_item)),
                        mine_fields: Fields::new(),
                        path,
                    });
                }
            },
            None => {
                emit(their_item, merged);
            }
        }
    }
    // My new items, after theirs.
    for (m, (_, my_item)) in mine.iter().enumerate() {
        if mine_to_base[m].is_none() {
            let path = emit(my_item, merged);
            merged.moved.push((mine_path(m), path));
        }
    }
    // They removed what I changed: offer mine back (not in the merge unless chosen).
    for (b, (_, base_item)) in base.iter().enumerate() {
        if base_to_theirs[b].is_none()
            && let Some(m) = base_to_mine[b]
            && mine[m].1 != *base_item
        {
            let path = format!("{out_prefix}{list}[{next}]");
            next += 1;
            merged.moved.push((mine_path(m), path.clone()));
            merged.conflicts.push(Conflict {
                mine: Some(summary(&mine[m].1)),
                theirs: None,
                mine_fields: prefixed(&path, &mine[m].1),
                path,
            });
        }
    }
}

fn item_key(item_path: &str, inner: &str) -> String {
    if inner.is_empty() {
        item_path.to_owned()
    } else {
        format!("{item_path}.{inner}")
    }
}

fn prefixed(item_path: &str, item: &Item) -> Fields {
    item.iter()
        .map(|(k, v)| (item_key(item_path, k), v.clone()))
        .collect()
}

/// A short name of an item for the conflict dialog: its name, title or source, or its
/// values.
fn summary(item: &Item) -> String {
    for key in ["name", "title", "source"] {
        if let Some(value) = item.get(key).filter(|v| !v.trim().is_empty()) {
            return value.clone();
        }
    }
    if let (Some(year), Some(area)) = (item.get("year"), item.get("focus_area")) {
        return format!("{year} {area}");
    }
    item.values()
        .filter(|v| !v.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// How alike two items are, in thousandths: the share of their fields with equal values.
fn similarity(a: &Item, b: &Item) -> u32 {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    if keys.is_empty() {
        return 1000;
    }
    let same = keys.iter().filter(|k| a.get(**k) == b.get(**k)).count();
    (same * 1000 / keys.len()) as u32
}

/// Matches a side's items to the base's items: for each side item, the base item it is
/// (changed or not), or `None` for an item the side added. A side that kept the length
/// kept the items in place (edits and moves are field changes). Otherwise the match keeps
/// the order and pairs items at least half alike, as many and as alike as possible;
/// among equal choices, the later items are the new ones.
pub fn align(base: &[&Item], side: &[&Item]) -> Vec<Option<usize>> {
    if base.len() == side.len() {
        return (0..side.len()).map(Some).collect();
    }
    let (n, m) = (base.len(), side.len());
    let mut score = vec![vec![0u32; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let mut best = score[i - 1][j].max(score[i][j - 1]);
            let sim = similarity(base[i - 1], side[j - 1]);
            if sim >= 500 {
                best = best.max(score[i - 1][j - 1] + sim);
            }
            score[i][j] = best;
        }
    }
    let mut out = vec![None; m];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if score[i][j] == score[i][j - 1] {
            j -= 1; // side item j-1 is new
        } else if score[i][j] == score[i - 1][j] {
            i -= 1; // base item i-1 was removed
        } else {
            out[j - 1] = Some(i - 1);
            i -= 1;
            j -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// A plan-shaped base: two areas, the first with one strategy of two projects; two
    /// communication activities.
    fn plan_base() -> Fields {
        fields(&[
            ("admin_costs", "900000"),
            ("focus_areas[0].name", "Nytt næringsliv"),
            ("focus_areas[0].grant_funds", "1000000"),
            ("focus_areas[0].strategies[0].name", "Nettverk"),
            (
                "focus_areas[0].strategies[0].projects[0].name",
                "Gründernettverk",
            ),
            (
                "focus_areas[0].strategies[0].projects[0].goal",
                "Nettverk etablert",
            ),
            ("focus_areas[0].strategies[0].projects[0].budget", "250000"),
            (
                "focus_areas[0].strategies[0].projects[1].name",
                "Mentorordning",
            ),
            (
                "focus_areas[0].strategies[0].projects[1].goal",
                "Ti mentorer",
            ),
            ("focus_areas[0].strategies[0].projects[1].budget", "100000"),
            ("focus_areas[1].name", "Reiseliv"),
            ("focus_areas[1].grant_funds", "500000"),
            ("communication.activities[0].month", "3"),
            ("communication.activities[0].title", "Næringsfrokost"),
            ("communication.activities[1].month", "9"),
            ("communication.activities[1].title", "Årsmøte"),
        ])
    }

    fn with(base: &Fields, changes: &[(&str, Option<&str>)]) -> Fields {
        let mut out = base.clone();
        for (k, v) in changes {
            match v {
                Some(v) => out.insert((*k).to_owned(), (*v).to_owned()),
                None => out.remove(*k),
            };
        }
        out
    }

    fn edit(base: &Fields, changes: &[(String, Option<&str>)]) -> Fields {
        apply(
            base,
            changes
                .iter()
                .map(|(k, v)| (k.clone(), v.map(str::to_owned)))
                .collect(),
        )
    }

    fn project(n: usize, name: &str, budget: &str) -> Vec<(String, Option<String>)> {
        let at = format!("focus_areas[0].strategies[0].projects[{n}]");
        vec![
            (format!("{at}.name"), Some(name.to_owned())),
            (format!("{at}.goal"), Some(String::new())),
            (format!("{at}.budget"), Some(budget.to_owned())),
        ]
    }

    fn apply(base: &Fields, changes: Vec<(String, Option<String>)>) -> Fields {
        let changes: Vec<(&str, Option<&str>)> = changes
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_deref()))
            .collect();
        with(base, &changes)
    }

    #[test]
    fn different_areas_edited_are_merged() {
        let base = plan_base();
        let mine = with(&base, &[("focus_areas[0].grant_funds", Some("1111111"))]);
        let theirs = with(&base, &[("focus_areas[1].grant_funds", Some("2222222"))]);
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts, []);
        assert_eq!(
            merged.fields,
            with(
                &base,
                &[
                    ("focus_areas[0].grant_funds", Some("1111111")),
                    ("focus_areas[1].grant_funds", Some("2222222"))
                ]
            )
        );
    }

    #[test]
    fn the_same_value_edited_differently_is_a_conflict() {
        let base = plan_base();
        let mine = with(&base, &[("admin_costs", Some("800000"))]);
        let theirs = with(&base, &[("admin_costs", Some("700000"))]);
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(
            merged.conflicts,
            [Conflict {
                path: "admin_costs".into(),
                mine: Some("800000".into()),
                theirs: Some("700000".into()),
                mine_fields: fields(&[("admin_costs", "800000")]),
            }]
        );
        assert_eq!(
            merged.fields, theirs,
            "theirs stands until the user chooses"
        );
        assert_eq!(resolve(&merged, |_| true), mine);
        assert_eq!(resolve(&merged, |_| false), theirs);
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let base = plan_base();
        let both = with(&base, &[("admin_costs", Some("1"))]);
        let merged = merge(&base, &both, &both);
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.fields, both);
    }

    #[test]
    fn both_adding_a_project_to_the_same_strategy_keeps_both() {
        let base = plan_base();
        let mine = apply(&base, project(2, "Kystlab", "123456"));
        let theirs = apply(&base, project(2, "Sjømatklynge", "50000"));
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts, []);
        let expected = apply(
            &apply(&base, project(2, "Sjømatklynge", "50000")),
            project(3, "Kystlab", "123456"),
        );
        assert_eq!(merged.fields, expected);
        // The user's new project is now the fourth: a link to it follows.
        assert_eq!(
            merged.map_path("focus_areas[0].strategies[0].projects[2].budget"),
            "focus_areas[0].strategies[0].projects[3].budget"
        );
    }

    #[test]
    fn both_adding_a_communication_activity_keeps_both_even_when_alike() {
        let base = plan_base();
        let add = |title: &str| {
            with(
                &base,
                &[
                    ("communication.activities[2].month", Some("1")),
                    ("communication.activities[2].title", Some(title)),
                ],
            )
        };
        // Two fresh, identical "new activity" items: still two additions.
        let merged = merge(&base, &add("Ny aktivitet"), &add("Ny aktivitet"));
        assert_eq!(merged.conflicts, []);
        assert_eq!(
            merged
                .fields
                .get("communication.activities[3].title")
                .map(String::as_str),
            Some("Ny aktivitet")
        );
        let merged = merge(&base, &add("Webinar"), &add("Pressemelding"));
        assert_eq!(merged.conflicts, []);
        assert_eq!(
            merged.fields["communication.activities[2].title"],
            "Pressemelding"
        );
        assert_eq!(
            merged.fields["communication.activities[3].title"],
            "Webinar"
        );
        assert_eq!(merged.fields["communication.activities[3].month"], "1");
    }

    #[test]
    fn an_addition_merges_with_an_edit_of_another_item_in_the_same_list() {
        let base = plan_base();
        let mine = apply(&base, project(2, "Kystlab", "1"));
        let theirs = with(
            &base,
            &[(
                "focus_areas[0].strategies[0].projects[0].budget",
                Some("260000"),
            )],
        );
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.fields, apply(&theirs, project(2, "Kystlab", "1")));
    }

    #[test]
    fn removing_an_item_the_other_edited_is_a_conflict_that_keeps_the_edit() {
        let base = plan_base();
        let p = "focus_areas[0].strategies[0].projects";
        // I remove the first project; they change its budget.
        let mine = edit(
            &base,
            &[
                (format!("{p}[0].name"), None),
                (format!("{p}[0].goal"), None),
                (format!("{p}[0].budget"), None),
            ],
        );
        let theirs = edit(&base, &[(format!("{p}[0].budget"), Some("999"))]);
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts.len(), 1);
        let conflict = &merged.conflicts[0];
        assert_eq!(conflict.path, format!("{p}[0]"));
        assert!(conflict.is_item());
        assert_eq!(
            (conflict.mine.clone(), conflict.theirs.as_deref()),
            (None, Some("Gründernettverk"))
        );
        // Nothing lost: their edit stands in the merge until I choose.
        assert_eq!(merged.fields, theirs);
        // Choosing mine removes it; the other project stays.
        let resolved = resolve(&merged, |_| true);
        assert!(!resolved.keys().any(|k| k.starts_with(&format!("{p}[0]"))));
        assert_eq!(resolved[&format!("{p}[1].name")], "Mentorordning");
        assert_eq!(resolve(&merged, |_| false), theirs);
    }

    #[test]
    fn editing_an_item_the_other_removed_is_a_conflict_that_offers_the_edit_back() {
        let base = plan_base();
        let a = "communication.activities";
        let mine = edit(&base, &[(format!("{a}[1].month"), Some("10"))]);
        // They removed the second activity.
        let theirs = edit(
            &base,
            &[
                (format!("{a}[1].month"), None),
                (format!("{a}[1].title"), None),
            ],
        );
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts.len(), 1);
        let conflict = &merged.conflicts[0];
        assert_eq!(
            (conflict.mine.as_deref(), conflict.theirs.clone()),
            (Some("Årsmøte"), None)
        );
        assert_eq!(merged.fields, theirs, "their removal stands until I choose");
        let resolved = resolve(&merged, |_| true);
        let restored: Vec<&String> = resolved
            .iter()
            .filter(|(k, _)| k.starts_with(&format!("{a}[")))
            .map(|(_, v)| v)
            .collect();
        assert_eq!(restored, ["3", "Næringsfrokost", "10", "Årsmøte"]);
    }

    #[test]
    fn removing_an_item_nobody_else_touched_just_removes_it() {
        let base = plan_base();
        let p = "focus_areas[0].strategies[0].projects";
        // I remove the first project (the form renumbers after a save); they add a third.
        let mine = edit(
            &base,
            &[
                (format!("{p}[0].name"), Some("Mentorordning")),
                (format!("{p}[0].goal"), Some("Ti mentorer")),
                (format!("{p}[0].budget"), Some("100000")),
                (format!("{p}[1].name"), None),
                (format!("{p}[1].goal"), None),
                (format!("{p}[1].budget"), None),
            ],
        );
        let theirs = apply(&base, project(2, "Sjømatklynge", "5"));
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts, []);
        let names: Vec<&String> = merged
            .fields
            .iter()
            .filter(|(k, _)| k.starts_with(p) && k.ends_with(".name"))
            .map(|(_, v)| v)
            .collect();
        assert_eq!(names, ["Mentorordning", "Sjømatklynge"]);
    }

    #[test]
    fn a_new_area_with_its_own_strategies_from_each_side_keeps_both() {
        let base = plan_base();
        let mine = with(
            &base,
            &[
                ("focus_areas[2].name", Some("Mitt område")),
                ("focus_areas[2].strategies[0].name", Some("M")),
            ],
        );
        let theirs = with(
            &base,
            &[
                ("focus_areas[2].name", Some("Deres område")),
                ("focus_areas[2].strategies[0].name", Some("D1")),
                ("focus_areas[2].strategies[1].name", Some("D2")),
            ],
        );
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.fields["focus_areas[2].name"], "Deres område");
        assert_eq!(merged.fields["focus_areas[2].strategies[1].name"], "D2");
        assert_eq!(merged.fields["focus_areas[3].name"], "Mitt område");
        assert_eq!(merged.fields["focus_areas[3].strategies[0].name"], "M");
        assert!(
            !merged
                .fields
                .contains_key("focus_areas[3].strategies[1].name")
        );
    }

    #[test]
    fn alignment_pairs_edited_items_and_finds_the_new_ones() {
        let item = |n: &str, b: &str| fields(&[("name", n), ("budget", b)]);
        let (x, y, z) = (item("x", "1"), item("y", "2"), item("z", "3"));
        let y2 = item("y", "20");
        // Removed x, edited y.
        assert_eq!(align(&[&x, &y, &z], &[&y2, &z]), [Some(1), Some(2)]);
        // Added one at the end.
        assert_eq!(align(&[&x, &y], &[&x, &y, &z]), [Some(0), Some(1), None]);
        // Same length: in place.
        assert_eq!(align(&[&x, &y], &[&y, &x]), [Some(0), Some(1)]);
    }
}
