//! Watchlists service (`/v2/watchlists`): the lists of people to watch more closely
//! (departing, high-impact, new, contract employees, custom lists). A list's members are
//! its included actors and the people of its included departments, less its excluded
//! actors. Lists are paged with `page` (1-based) and `pageSize`; their parts with `page`
//! and `page_size`, as the incydr SDK sends them (either spelling is taken everywhere).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::problems::service_extractor;
use super::state::{Caller, DemoState};
use super::store::{Store, TENANT_ID, uuid_bytes};
use super::watchlist_records::{Listed, WATCHLIST_TYPES, Watchlist, put};

/// The page size when none is asked for (the incydr SDK's default).
const PAGE_SIZE_DEFAULT: usize = 100;
const PAGE_SIZE_MAX: usize = 1000;
/// The most actors one add or remove takes.
pub const IDS_MAX: usize = 100;
const TITLE_MAX: usize = 50;
const DESCRIPTION_MAX: usize = 250;

service_extractor!(
    /// Path parameters of the watchlists service; a path that is not UTF-8 is a 400.
    path WatchlistPath => bad_request
);
service_extractor!(
    /// A JSON body for the watchlists service.
    json WatchlistBody => bad_request
);

fn problem(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({"error": status.canonical_reason(), "message": message})),
    )
        .into_response()
}

fn bad_request(detail: &str) -> Response {
    problem(StatusCode::BAD_REQUEST, detail)
}

fn not_found(what: &str, key: &str) -> Response {
    problem(StatusCode::NOT_FOUND, &format!("{what} not found: {key}"))
}

fn time(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn watchlist_json(w: &Watchlist) -> Value {
    json!({
        "description": w.description,
        "listType": w.list_type,
        "stats": {
            "includedActorsCount": w.included_actors.len(),
            "excludedActorsCount": w.excluded_actors.len(),
            "includedDepartmentsCount": w.included_departments.len(),
            "includedDirectoryGroupsCount": 0,
            "excludedDepartmentsCount": 0,
            "excludedDirectoryGroupsCount": 0,
        },
        "tenantId": TENANT_ID,
        "title": w.title,
        "watchlistId": w.id,
    })
}

fn actor_position(store: &Store, actor_id: &str) -> Option<usize> {
    store
        .actor_profiles
        .iter()
        .position(|p| p.actor_id == actor_id)
}

/// An actor on a list, as the service writes one: its id, its name, when it was put on.
fn actor_entry(store: &Store, listed: &Listed) -> Value {
    let name = actor_position(store, &listed.key)
        .and_then(|i| store.actors.get(i))
        .map(|a| a.email.clone());
    json!({"actorId": listed.key, "actorname": name, "addedTime": time(&listed.added)})
}

/// Everyone on the list: the actors included, then the people of the departments
/// included (at the time their department was), less those excluded.
fn members(store: &Store, w: &Watchlist) -> Vec<Listed> {
    let mut out: Vec<Listed> = Vec::new();
    for listed in &w.included_actors {
        put(&mut out, &listed.key, listed.added);
    }
    for department in &w.included_departments {
        let people = store
            .actors
            .iter()
            .zip(store.actor_profiles.iter())
            .filter(|(a, _)| a.department == department.key);
        for (_, p) in people {
            put(&mut out, &p.actor_id, department.added);
        }
    }
    out.retain(|m| !w.excluded_actors.iter().any(|x| x.key == m.key));
    out
}

/// `page` (1-based) and the page size, as `pageSize` or `page_size`.
struct Paging {
    page: usize,
    size: usize,
}

impl Paging {
    fn of(params: &[(String, String)]) -> Result<Paging, Response> {
        let mut paging = Paging {
            page: 1,
            size: PAGE_SIZE_DEFAULT,
        };
        for (key, value) in params {
            match key.as_str() {
                "page" => match value.parse::<usize>() {
                    Ok(n) if n >= 1 => paging.page = n,
                    _ => return Err(bad_request("page must be 1 or more")),
                },
                "pageSize" | "page_size" => match value.parse::<usize>() {
                    Ok(n) if (1..=PAGE_SIZE_MAX).contains(&n) => paging.size = n,
                    _ => {
                        return Err(bad_request(&format!(
                            "page size must be between 1 and {PAGE_SIZE_MAX}"
                        )));
                    }
                },
                _ => {}
            }
        }
        Ok(paging)
    }

    fn apply<T>(&self, items: impl Iterator<Item = T>) -> Vec<T> {
        items
            .skip(self.page.saturating_sub(1).saturating_mul(self.size))
            .take(self.size)
            .collect()
    }
}

fn query(uri: &Uri) -> Result<Vec<(String, String)>, Response> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| bad_request(&e.body_text()))
}

fn read_store(st: &DemoState) -> std::sync::RwLockReadGuard<'_, Store> {
    st.store.read().unwrap_or_else(|e| e.into_inner())
}

fn write_store(st: &DemoState) -> std::sync::RwLockWriteGuard<'_, Store> {
    st.store.write().unwrap_or_else(|e| e.into_inner())
}

fn position(store: &Store, id: &str) -> Option<usize> {
    store.watchlists.iter().position(|w| w.id == id)
}

pub async fn list(State(st): State<DemoState>, _c: Caller, uri: Uri) -> Response {
    let params = match query(&uri) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let paging = match Paging::of(&params) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let actor = params
        .iter()
        .find(|(k, _)| k == "actorId")
        .map(|(_, v)| v.as_str());
    let store = read_store(&st);
    let matching: Vec<&Watchlist> = store
        .watchlists
        .iter()
        .filter(|w| actor.is_none_or(|a| members(&store, w).iter().any(|m| m.key == a)))
        .collect();
    let total = matching.len();
    let page: Vec<Value> = paging
        .apply(matching.into_iter())
        .into_iter()
        .map(watchlist_json)
        .collect();
    Json(json!({"watchlists": page, "totalCount": total})).into_response()
}

pub async fn get(
    State(st): State<DemoState>,
    _c: Caller,
    WatchlistPath(id): WatchlistPath<String>,
) -> Response {
    let store = read_store(&st);
    match store.watchlists.iter().find(|w| w.id == id) {
        Some(w) => Json(watchlist_json(w)).into_response(),
        None => not_found("Watchlist", &id),
    }
}

/// An optional text field of a body: absent or null is `None`; too long is refused.
fn text_field(
    body: &Map<String, Value>,
    key: &str,
    max: usize,
) -> Result<Option<String>, Response> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err(bad_request(&format!(
            "{key} is longer than {max} characters"
        ))),
        Some(_) => Err(bad_request(&format!("{key} must be a string"))),
    }
}

/// A new list's id: a version 4 uuid drawn from what makes the list and the moment.
fn new_id(store: &Store, list_type: &str, title: Option<&str>) -> String {
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let mut salt = 0u64;
    loop {
        let hash = |seed: u64| {
            list_type
                .bytes()
                .chain(title.unwrap_or("").bytes())
                .chain(nanos.to_le_bytes())
                .chain(salt.to_le_bytes())
                .fold(seed, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                })
        };
        let bytes = uuid_bytes(hash(0xcbf2_9ce4_8422_2325), hash(0x8422_2325_cbf2_9ce4));
        let id = String::from_utf8_lossy(&bytes).into_owned();
        if position(store, &id).is_none() {
            return id;
        }
        salt = salt.wrapping_add(1);
    }
}

pub async fn create(
    State(st): State<DemoState>,
    _c: Caller,
    WatchlistBody(body): WatchlistBody<Map<String, Value>>,
) -> Response {
    let list_type = match body.get("watchlistType") {
        Some(Value::String(t)) if WATCHLIST_TYPES.contains(&t.as_str()) => t.clone(),
        Some(Value::String(t)) => {
            return bad_request(&format!("watchlistType {t:?} is not a watchlist type"));
        }
        _ => return bad_request("watchlistType is required"),
    };
    let (title, description) = match (
        text_field(&body, "title", TITLE_MAX),
        text_field(&body, "description", DESCRIPTION_MAX),
    ) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let custom = list_type == "CUSTOM";
    let mut store = write_store(&st);
    if custom {
        let Some(title) = title.as_deref().filter(|t| !t.trim().is_empty()) else {
            return bad_request("a custom watchlist needs a title");
        };
        if store
            .watchlists
            .iter()
            .any(|w| w.list_type == "CUSTOM" && w.title.as_deref() == Some(title))
        {
            return problem(
                StatusCode::CONFLICT,
                &format!("a custom watchlist titled {title:?} already exists"),
            );
        }
    } else if store.watchlists.iter().any(|w| w.list_type == list_type) {
        return problem(
            StatusCode::CONFLICT,
            &format!("a {list_type} watchlist already exists"),
        );
    }
    let id = new_id(&store, &list_type, title.as_deref());
    let mut list = Watchlist::new(&id, &list_type);
    if custom {
        list.title = title;
        list.description = description;
    }
    let answer = watchlist_json(&list);
    store.watchlists.push(list);
    Json(answer).into_response()
}

/// Changes a custom list's title or description: those `paths` names, or without
/// `paths` those the body gives.
pub async fn update(
    State(st): State<DemoState>,
    _c: Caller,
    WatchlistPath(id): WatchlistPath<String>,
    uri: Uri,
    WatchlistBody(body): WatchlistBody<Map<String, Value>>,
) -> Response {
    let params = match query(&uri) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let paths: Vec<&str> = params
        .iter()
        .filter(|(k, _)| k == "paths")
        .map(|(_, v)| v.as_str())
        .collect();
    let named = |key: &str| {
        if paths.is_empty() {
            body.get(key).is_some_and(|v| !v.is_null())
        } else {
            paths.contains(&key)
        }
    };
    let (title, description) = match (
        text_field(&body, "title", TITLE_MAX),
        text_field(&body, "description", DESCRIPTION_MAX),
    ) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let mut store = write_store(&st);
    let Some(list) = store.watchlists.iter_mut().find(|w| w.id == id) else {
        return not_found("Watchlist", &id);
    };
    if list.list_type != "CUSTOM" {
        return bad_request("only a custom watchlist has a title and description to change");
    }
    if named("title") {
        match title.filter(|t| !t.trim().is_empty()) {
            Some(t) => list.title = Some(t),
            None => return bad_request("a custom watchlist needs a title"),
        }
    }
    if named("description") {
        list.description = description.filter(|d| !d.is_empty());
    }
    Json(watchlist_json(list)).into_response()
}

pub async fn delete(
    State(st): State<DemoState>,
    _c: Caller,
    WatchlistPath(id): WatchlistPath<String>,
) -> Response {
    let mut store = write_store(&st);
    let Some(i) = position(&store, &id) else {
        return not_found("Watchlist", &id);
    };
    store.watchlists.remove(i);
    StatusCode::OK.into_response()
}

/// A part of a list that can be read, paged, and (but for the members) changed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Members,
    IncludedActors,
    ExcludedActors,
    Departments,
    DirectoryGroups,
}

impl Part {
    /// The key of a page of the part.
    fn key(self) -> &'static str {
        match self {
            Part::Members => "watchlistMembers",
            Part::IncludedActors => "includedActors",
            Part::ExcludedActors => "excludedActors",
            Part::Departments => "includedDepartments",
            Part::DirectoryGroups => "includedDirectoryGroups",
        }
    }

    /// What one entry is, for a 404.
    fn noun(self) -> &'static str {
        match self {
            Part::Departments => "Department",
            Part::DirectoryGroups => "Directory group",
            _ => "Actor",
        }
    }

    fn entries(self, store: &Store, w: &Watchlist) -> Vec<Value> {
        let actors = |listed: &[Listed]| listed.iter().map(|l| actor_entry(store, l)).collect();
        match self {
            Part::Members => actors(&members(store, w)),
            Part::IncludedActors => actors(&w.included_actors),
            Part::ExcludedActors => actors(&w.excluded_actors),
            Part::Departments => w
                .included_departments
                .iter()
                .map(|d| json!({"addedTime": time(&d.added), "name": d.key}))
                .collect(),
            // The demo tenant has no directory groups.
            Part::DirectoryGroups => Vec::new(),
        }
    }

    fn entry(self, store: &Store, w: &Watchlist, key: &str) -> Option<Value> {
        let listed = match self {
            Part::Members => members(store, w),
            Part::IncludedActors => w.included_actors.clone(),
            Part::ExcludedActors => w.excluded_actors.clone(),
            Part::Departments => {
                return w
                    .included_departments
                    .iter()
                    .find(|d| d.key == key)
                    .map(|d| json!({"addedTime": time(&d.added), "name": d.key}));
            }
            Part::DirectoryGroups => return None,
        };
        listed
            .iter()
            .find(|l| l.key == key)
            .map(|l| actor_entry(store, l))
    }

    /// The list a change of the part changes.
    fn changed(self, w: &mut Watchlist) -> Option<&mut Vec<Listed>> {
        match self {
            Part::IncludedActors => Some(&mut w.included_actors),
            Part::ExcludedActors => Some(&mut w.excluded_actors),
            Part::Departments => Some(&mut w.included_departments),
            Part::Members | Part::DirectoryGroups => None,
        }
    }

    /// The key of a change's body.
    fn body_key(self) -> &'static str {
        match self {
            Part::Departments => "departments",
            Part::DirectoryGroups => "groupIds",
            _ => "actorIds",
        }
    }

    /// Whether the tenant knows what `key` names.
    fn known(self, store: &Store, key: &str) -> bool {
        match self {
            Part::IncludedActors | Part::ExcludedActors | Part::Members => {
                actor_position(store, key).is_some()
            }
            Part::Departments => store.actors.iter().any(|a| a.department == key),
            Part::DirectoryGroups => false,
        }
    }
}

fn page_of(st: &DemoState, id: &str, uri: &Uri, part: Part) -> Response {
    let paging = match query(uri).and_then(|p| Paging::of(&p)) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let store = read_store(st);
    let Some(w) = store.watchlists.iter().find(|w| w.id == id) else {
        return not_found("Watchlist", id);
    };
    let entries = part.entries(&store, w);
    let total = entries.len();
    let mut answer = Map::new();
    answer.insert(
        part.key().into(),
        Value::Array(paging.apply(entries.into_iter())),
    );
    answer.insert("totalCount".into(), json!(total));
    Json(Value::Object(answer)).into_response()
}

fn one_of(st: &DemoState, id: &str, key: &str, part: Part) -> Response {
    let store = read_store(st);
    let Some(w) = store.watchlists.iter().find(|w| w.id == id) else {
        return not_found("Watchlist", id);
    };
    match part.entry(&store, w, key) {
        Some(entry) => Json(entry).into_response(),
        None => not_found(part.noun(), key),
    }
}

/// Adds to or takes from a part of a list: at most 100 at a time, every one known to
/// the tenant (else nothing changes). Adding what is there already, or taking what is
/// not, changes nothing.
fn change(st: &DemoState, id: &str, body: &Map<String, Value>, part: Part, add: bool) -> Response {
    let key = part.body_key();
    let keys: Vec<String> = match body.get(key) {
        Some(Value::Array(items)) => {
            let texts: Option<Vec<String>> = items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect();
            match texts {
                Some(t) => t,
                None => return bad_request(&format!("{key} must be a list of strings")),
            }
        }
        _ => return bad_request(&format!("{key} is required")),
    };
    if keys.is_empty() {
        return bad_request(&format!("{key} is empty"));
    }
    if keys.len() > IDS_MAX {
        return bad_request(&format!(
            "{} in one request; a maximum of {IDS_MAX} can be processed",
            keys.len()
        ));
    }
    let mut store = write_store(st);
    let Some(i) = position(&store, id) else {
        return not_found("Watchlist", id);
    };
    if let Some(unknown) = keys.iter().find(|k| !part.known(&store, k)) {
        return not_found(part.noun(), unknown);
    }
    let Some(list) = store.watchlists.get_mut(i).and_then(|w| part.changed(w)) else {
        return not_found(part.noun(), keys.first().map_or("", String::as_str));
    };
    let now = Utc::now();
    for k in &keys {
        if add {
            put(list, k, now);
        } else {
            list.retain(|l| l.key != *k);
        }
    }
    StatusCode::OK.into_response()
}

macro_rules! part_handlers {
    ($part:expr, $page:ident, $one:ident, $add:ident, $remove:ident) => {
        pub async fn $page(
            State(st): State<DemoState>,
            _c: Caller,
            WatchlistPath(id): WatchlistPath<String>,
            uri: Uri,
        ) -> Response {
            page_of(&st, &id, &uri, $part)
        }

        pub async fn $one(
            State(st): State<DemoState>,
            _c: Caller,
            WatchlistPath((id, key)): WatchlistPath<(String, String)>,
        ) -> Response {
            one_of(&st, &id, &key, $part)
        }

        pub async fn $add(
            State(st): State<DemoState>,
            _c: Caller,
            WatchlistPath(id): WatchlistPath<String>,
            WatchlistBody(body): WatchlistBody<Map<String, Value>>,
        ) -> Response {
            change(&st, &id, &body, $part, true)
        }

        pub async fn $remove(
            State(st): State<DemoState>,
            _c: Caller,
            WatchlistPath(id): WatchlistPath<String>,
            WatchlistBody(body): WatchlistBody<Map<String, Value>>,
        ) -> Response {
            change(&st, &id, &body, $part, false)
        }
    };
}

part_handlers!(
    Part::IncludedActors,
    included_actors,
    included_actor,
    add_included_actors,
    remove_included_actors
);
part_handlers!(
    Part::ExcludedActors,
    excluded_actors,
    excluded_actor,
    add_excluded_actors,
    remove_excluded_actors
);
part_handlers!(
    Part::Departments,
    departments,
    department,
    add_departments,
    remove_departments
);
part_handlers!(
    Part::DirectoryGroups,
    directory_groups,
    directory_group,
    add_directory_groups,
    remove_directory_groups
);

pub async fn members_page(
    State(st): State<DemoState>,
    _c: Caller,
    WatchlistPath(id): WatchlistPath<String>,
    uri: Uri,
) -> Response {
    page_of(&st, &id, &uri, Part::Members)
}

pub async fn member(
    State(st): State<DemoState>,
    _c: Caller,
    WatchlistPath((id, actor)): WatchlistPath<(String, String)>,
) -> Response {
    one_of(&st, &id, &actor, Part::Members)
}
