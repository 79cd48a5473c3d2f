//! Three-way merge of form fields, so that two people can edit one plan at once.
//!
//! A save carries the version its page was loaded from (the *base*). When the plan has
//! moved on since (someone else saved: *theirs*), the fields this user changed (*mine*
//! against base) are applied onto the latest version, field by field. Only a field that
//! both changed, to different values, is a [`Conflict`]: the user sees both values and
//! chooses. Lists (projects, sources, …) merge through their fields; when both sides
//! changed the length of the same list the list itself is a conflict, because its items
//! can no longer be matched up.

use std::collections::BTreeSet;

use super::fields::Fields;

/// A field both sides changed, to different values. `None` means removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub path: String,
    pub mine: Option<String>,
    pub theirs: Option<String>,
}

/// The merged fields, and the conflicts that kept their latest (*theirs*) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub fields: Fields,
    pub conflicts: Vec<Conflict>,
}

/// Merges `mine` and `theirs`, both edited from `base`.
pub fn merge(base: &Fields, mine: &Fields, theirs: &Fields) -> Merged {
    let keys: BTreeSet<&String> = base
        .keys()
        .chain(mine.keys())
        .chain(theirs.keys())
        .collect();
    let mut fields = Fields::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (b, m, t) = (base.get(key), mine.get(key), theirs.get(key));
        let chosen = if m == b || m == t {
            t
        } else if t == b {
            m
        } else {
            conflicts.push(Conflict {
                path: key.clone(),
                mine: m.cloned(),
                theirs: t.cloned(),
            });
            t
        };
        if let Some(value) = chosen {
            fields.insert(key.clone(), value.clone());
        }
    }
    // A list whose length both sides changed differently cannot be merged item by item.
    let mut all_lists = lists(base);
    all_lists.extend(lists(mine));
    all_lists.extend(lists(theirs));
    for list in &all_lists {
        let (b, m, t) = (
            list_len(base, list),
            list_len(mine, list),
            list_len(theirs, list),
        );
        if m != b && t != b && m != t {
            conflicts.retain(|c| !c.path.starts_with(&format!("{list}[")));
            conflicts.push(Conflict {
                path: list.clone(),
                mine: Some(m.to_string()),
                theirs: Some(t.to_string()),
            });
            // Keep their list whole.
            fields.retain(|k, _| !k.starts_with(&format!("{list}[")));
            for (k, v) in theirs.range(format!("{list}[")..) {
                if !k.starts_with(&format!("{list}[")) {
                    break;
                }
                fields.insert(k.clone(), v.clone());
            }
        }
    }
    conflicts.sort_by(|a, b| a.path.cmp(&b.path));
    conflicts.dedup_by(|a, b| a.path == b.path);
    Merged { fields, conflicts }
}

/// Applies the user's choices: for each conflict path, `true` takes mine.
pub fn resolve(merged: &Merged, mine: &Fields, take_mine: impl Fn(&str) -> bool) -> Fields {
    let mut fields = merged.fields.clone();
    for conflict in &merged.conflicts {
        if !take_mine(&conflict.path) {
            continue;
        }
        if is_list_key(&merged.fields, mine, &conflict.path) {
            let prefix = format!("{}[", conflict.path);
            fields.retain(|k, _| !k.starts_with(&prefix));
            for (k, v) in mine.range(prefix.clone()..) {
                if !k.starts_with(&prefix) {
                    break;
                }
                fields.insert(k.clone(), v.clone());
            }
        } else {
            match &conflict.mine {
                Some(value) => fields.insert(conflict.path.clone(), value.clone()),
                None => fields.remove(&conflict.path),
            };
        }
    }
    fields
}

fn is_list_key(a: &Fields, b: &Fields, path: &str) -> bool {
    let prefix = format!("{path}[");
    [a, b].iter().any(|fields| {
        fields
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    })
}

/// Every list path in the fields: `focus_areas`, `focus_areas[0].strategies`, …
fn lists(fields: &Fields) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for key in fields.keys() {
        let mut from = 0;
        while let Some(at) = key[from..].find('[') {
            found.insert(key[..from + at].to_owned());
            from += at + 1;
        }
    }
    found
}

/// The number of distinct items of a list (by index).
fn list_len(fields: &Fields, list: &str) -> usize {
    super::fields::indices(fields, list).len()
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

    #[test]
    fn changes_in_different_fields_both_survive() {
        let base = fields(&[("a[0].x", "1"), ("a[1].x", "2")]);
        let mine = fields(&[("a[0].x", "10"), ("a[1].x", "2")]);
        let theirs = fields(&[("a[0].x", "1"), ("a[1].x", "20")]);
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.fields, fields(&[("a[0].x", "10"), ("a[1].x", "20")]));
    }

    #[test]
    fn the_same_field_changed_twice_is_a_conflict() {
        let base = fields(&[("admin_costs", "1")]);
        let mine = fields(&[("admin_costs", "2")]);
        let theirs = fields(&[("admin_costs", "3")]);
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(
            merged.conflicts,
            [Conflict {
                path: "admin_costs".into(),
                mine: Some("2".into()),
                theirs: Some("3".into())
            }]
        );
        assert_eq!(merged.fields["admin_costs"], "3");
        assert_eq!(resolve(&merged, &mine, |_| true)["admin_costs"], "2");
        assert_eq!(resolve(&merged, &mine, |_| false)["admin_costs"], "3");
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let base = fields(&[("x", "1")]);
        let both = fields(&[("x", "2")]);
        let merged = merge(&base, &both, &both);
        assert_eq!(merged.conflicts, []);
        assert_eq!(merged.fields["x"], "2");
    }

    #[test]
    fn an_item_added_on_one_side_and_removed_on_the_other_in_different_lists() {
        let base = fields(&[
            ("a[0].p[0].n", "x"),
            ("a[1].p[0].n", "y"),
            ("a[1].p[1].n", "z"),
        ]);
        let mine = fields(&[
            ("a[0].p[0].n", "x"),
            ("a[0].p[1].n", "new"),
            ("a[1].p[0].n", "y"),
            ("a[1].p[1].n", "z"),
        ]);
        let theirs = fields(&[("a[0].p[0].n", "x"), ("a[1].p[0].n", "z")]);
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts, []);
        assert_eq!(
            merged.fields,
            fields(&[
                ("a[0].p[0].n", "x"),
                ("a[0].p[1].n", "new"),
                ("a[1].p[0].n", "z")
            ])
        );
    }

    #[test]
    fn both_growing_one_list_is_one_conflict_about_the_list() {
        let base = fields(&[("p[0].n", "x")]);
        let mine = fields(&[("p[0].n", "x"), ("p[1].n", "mine")]);
        let theirs = fields(&[("p[0].n", "x"), ("p[1].n", "theirs"), ("p[2].n", "more")]);
        let merged = merge(&base, &mine, &theirs);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].path, "p");
        assert_eq!(merged.fields, theirs);
        assert_eq!(resolve(&merged, &mine, |_| true), mine);
    }
}
