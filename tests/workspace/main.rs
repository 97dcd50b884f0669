//! The workspace's boundaries: each crate's manifest names only what its place allows
//! (nothing below the TUI draws on a terminal, the TUI never reaches the demo tenant),
//! and no module of any crate imports another in a circle, at any depth.
//!
//! It reads the `crate::` and `super::` paths of every source file (groups like
//! `crate::tui::{ui, update}` included) and draws an edge from the file's module to
//! each module it names. Unit tests (a `#[cfg(test)] mod` to the end of its file) are left out.

// Tests may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path, e.g. `["tui", "update", "editors"]`.
type ModPath = Vec<String>;

fn source_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The module a file defines: `src/tui/update/mod.rs` is `tui::update`.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: ModPath = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its unit tests.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Reads a path tree at `at` (`a::b`, `a::{b, c::d}`, `a::*`): every path it names.
fn path_tree(code: &[char], mut at: usize) -> Vec<ModPath> {
    let mut prefix: ModPath = Vec::new();
    loop {
        while code.get(at).is_some_and(|c| c.is_whitespace()) {
            at += 1;
        }
        match code.get(at) {
            Some('{') => {
                let mut paths = Vec::new();
                let mut depth = 0;
                let mut item_start = at + 1;
                let mut i = at;
                while let Some(&c) = code.get(i) {
                    match c {
                        '{' => depth += 1,
                        '}' | ',' if depth == 1 => {
                            for tail in path_tree(code, item_start) {
                                paths.push(prefix.iter().cloned().chain(tail).collect());
                            }
                            if c == '}' {
                                break;
                            }
                            item_start = i + 1;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                return paths;
            }
            Some(&c) if is_ident(c) => {
                let start = at;
                while code.get(at).copied().is_some_and(is_ident) {
                    at += 1;
                }
                let segment: String = code[start..at].iter().collect();
                if segment != "self" {
                    prefix.push(segment);
                }
                if code.get(at) == Some(&':') && code.get(at + 1) == Some(&':') {
                    at += 2;
                } else {
                    return vec![prefix];
                }
            }
            _ => return vec![prefix],
        }
    }
}

/// Every module path a file names through `crate::` or `super::`.
fn paths_named(module: &ModPath, code: &str) -> Vec<ModPath> {
    let chars: Vec<char> = code.chars().collect();
    let mut named = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let preceded_by_ident = i > 0 && is_ident(chars[i - 1]);
        let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
        if !preceded_by_ident && rest.starts_with("crate::") {
            named.extend(path_tree(&chars, i + 7));
            i += 7;
        } else if !preceded_by_ident && rest.starts_with("super::") {
            // `super` of `a/b.rs` and of `a/b/mod.rs` (both module `a::b`) is `a`.
            let mut base = module.clone();
            base.pop();
            let mut at = i + 7;
            while chars[at..]
                .iter()
                .collect::<String>()
                .starts_with("super::")
            {
                base.pop();
                at += 7;
            }
            for tail in path_tree(&chars, at) {
                named.push(base.iter().cloned().chain(tail).collect());
            }
            i = at;
        } else {
            i += 1;
        }
    }
    named
}

/// Edges between the children of `parent` (the crate root when empty).
type Graph = BTreeMap<String, BTreeSet<String>>;

fn child_of(parent: &[String], path: &[String], children: &BTreeSet<String>) -> Option<String> {
    if path.len() <= parent.len() || path[..parent.len()] != *parent {
        return None;
    }
    let child = &path[parent.len()];
    children.contains(child).then(|| child.clone())
}

struct Crate {
    /// Module of each file and the paths it names.
    files: Vec<(PathBuf, ModPath, Vec<ModPath>)>,
    modules: BTreeSet<ModPath>,
}

/// The modules and imports of the crate whose sources are in `src`.
fn read_crate_at(src: &Path) -> Crate {
    let mut found = Vec::new();
    source_files(src, &mut found);
    let mut files = Vec::new();
    let mut modules = BTreeSet::new();
    for file in found {
        // The binary uses the library by its name, never through `crate::`.
        if file == src.join("main.rs") {
            continue;
        }
        let module = module_of(src, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        let named = paths_named(&module, &code_of(&text));
        for depth in 1..=module.len() {
            modules.insert(module[..depth].to_vec());
        }
        files.push((file, module, named));
    }
    Crate { files, modules }
}

/// The sources of every crate of the workspace: the root package's and each of `crates/`.
fn workspace_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![root.join("src")];
    let mut crates: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|entry| entry.unwrap().path().join("src"))
        .filter(|src| src.is_dir())
        .collect();
    crates.sort();
    sources.extend(crates);
    sources
}

/// The first import cycle between the submodules of any module of `krate`, at any
/// depth (the crate root's children first): the module and the cycle.
fn cycle_at_any_depth(krate: &Crate) -> Option<(ModPath, Vec<String>)> {
    let mut parents: BTreeSet<ModPath> = BTreeSet::new();
    parents.insert(Vec::new());
    for module in &krate.modules {
        if let Some((_, parent)) = module.split_last() {
            parents.insert(parent.to_vec());
        }
    }
    parents
        .into_iter()
        .find_map(|parent| find_cycle(&graph_under(krate, &parent)).map(|cycle| (parent, cycle)))
}

fn graph_under(krate: &Crate, parent: &[String]) -> Graph {
    let children: BTreeSet<String> = krate
        .modules
        .iter()
        .filter(|m| m.len() == parent.len() + 1 && m[..parent.len()] == *parent)
        .map(|m| m[parent.len()].clone())
        .collect();
    let mut graph: Graph = children
        .iter()
        .map(|c| (c.clone(), BTreeSet::new()))
        .collect();
    for (_, module, named) in &krate.files {
        let Some(from) = child_of(parent, module, &children) else {
            continue;
        };
        for path in named {
            if let Some(to) = child_of(parent, path, &children)
                && to != from
            {
                graph.get_mut(&from).unwrap().insert(to);
            }
        }
    }
    graph
}

/// A cycle of the graph, as the modules along it, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Unseen,
        OnPath,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_string(), Mark::OnPath);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::Unseen) {
                Mark::OnPath => {
                    let start = path.iter().position(|n| n == next).unwrap();
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Mark::Unseen => {
                    if let Some(cycle) = visit(next, graph, marks, path) {
                        return Some(cycle);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if marks.get(node).copied().unwrap_or(Mark::Unseen) == Mark::Unseen
            && let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn the_binary_and_the_tui_import_their_modules_without_a_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = read_crate_at(&root.join("src"));
    let graph = graph_under(&binary, &[]);
    for expected in ["cli", "commands", "config"] {
        assert!(graph.contains_key(expected), "no {expected} in the binary");
    }
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle in the binary: {}", cycle.join(" -> "));
    }
    let tui = read_crate_at(&root.join("crates/tui/src"));
    let graph = graph_under(&tui, &[]);
    for expected in ["action", "state", "update", "ui", "keymap", "app"] {
        assert!(graph.contains_key(expected), "no {expected} in the tui");
    }
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle in the tui: {}", cycle.join(" -> "));
    }
}

/// The packages a crate of `crates/` depends on (normal dependencies).
fn dependencies_of(krate: &str) -> BTreeSet<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates")
        .join(krate)
        .join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let table: toml::Table = text.parse().unwrap();
    table["dependencies"]
        .as_table()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn each_crate_depends_only_on_what_its_boundary_allows() {
    let ui = ["ratatui", "crossterm", "tui-input"];
    let api = dependencies_of("api");
    let demo = dependencies_of("demo");
    let text = dependencies_of("text");
    let core = dependencies_of("core");
    let tui = dependencies_of("tui");
    // Below the TUI nothing draws on a terminal or knows the binary.
    for (name, deps) in [
        ("api", &api),
        ("demo", &demo),
        ("text", &text),
        ("core", &core),
    ] {
        for forbidden in ui.iter().chain(&["triage42", "triage42-tui"]) {
            assert!(!deps.contains(*forbidden), "{name} depends on {forbidden}");
        }
    }
    // The client serves nothing; the tenant does not need the client.
    assert!(!api.contains("axum"), "the client depends on axum");
    assert!(
        !demo.contains("triage42-api"),
        "the demo tenant depends on the client"
    );
    assert!(api.contains("reqwest") && demo.contains("axum"));
    // Text is below every other crate (the client reads answers with its scanner).
    assert!(
        !text.iter().any(|d| d.starts_with("triage42")),
        "text depends on another crate of the workspace: {text:?}"
    );
    // The TUI and what it shares with the commands know the tenant only over HTTP.
    for (name, deps) in [("tui", &tui), ("core", &core)] {
        for forbidden in ["triage42-demo", "axum", "triage42"] {
            assert!(!deps.contains(forbidden), "{name} depends on {forbidden}");
        }
    }
    assert!(tui.contains("ratatui") && tui.contains("triage42-core"));
    // The binary puts them together.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let table: toml::Table = std::fs::read_to_string(root).unwrap().parse().unwrap();
    let binary: BTreeSet<String> = table["dependencies"]
        .as_table()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for member in [
        "triage42-api",
        "triage42-core",
        "triage42-demo",
        "triage42-tui",
    ] {
        assert!(binary.contains(member), "the binary lacks {member}");
    }
}

#[test]
fn no_module_of_any_crate_imports_another_in_a_circle_at_any_depth() {
    let sources = workspace_sources();
    assert!(sources.len() >= 6, "{sources:?}");
    for src in sources {
        let krate = read_crate_at(&src);
        assert!(!krate.modules.is_empty(), "no modules in {}", src.display());
        if let Some((parent, cycle)) = cycle_at_any_depth(&krate) {
            panic!(
                "import cycle in {} between the submodules of `{}`: {}",
                src.display(),
                if parent.is_empty() {
                    "crate".to_string()
                } else {
                    parent.join("::")
                },
                cycle.join(" -> ")
            );
        }
    }
}

#[test]
fn a_cycle_planted_deep_in_a_crate_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let file = src.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write("lib.rs", "pub mod outer;\n");
    write("outer/mod.rs", "pub mod inner;\n");
    write("outer/inner/mod.rs", "pub mod deep;\n");
    write("outer/inner/deep/mod.rs", "pub mod a;\npub mod b;\n");
    write(
        "outer/inner/deep/a.rs",
        "use super::b::B;\npub struct A(pub Option<Box<B>>);\n",
    );
    write("outer/inner/deep/b.rs", "pub struct B;\n");
    assert_eq!(cycle_at_any_depth(&read_crate_at(src)), None);
    // Three levels down, `b` names `a` back through a path from the crate root.
    write(
        "outer/inner/deep/b.rs",
        "pub struct B(pub crate::outer::inner::deep::a::A);\n",
    );
    let (parent, cycle) = cycle_at_any_depth(&read_crate_at(src)).unwrap();
    assert_eq!(parent, ["outer", "inner", "deep"]);
    assert_eq!(cycle, ["a", "b", "a"]);
}

#[test]
fn the_checker_sees_a_cycle_and_group_imports() {
    let code: Vec<char> = "crate::tui::{ui, update::{self, init}, state::State}"
        .chars()
        .collect();
    let paths = path_tree(&code, 7);
    let shown: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        shown,
        [
            "tui::ui",
            "tui::update",
            "tui::update::init",
            "tui::state::State"
        ]
    );
    let mut graph = Graph::new();
    graph.insert("a".into(), ["b".to_string()].into());
    graph.insert("b".into(), ["c".to_string()].into());
    graph.insert("c".into(), ["a".to_string()].into());
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
