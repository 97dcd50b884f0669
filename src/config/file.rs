//! Reading config.toml. A mistake is reported by line, column and key name only: the
//! line may hold the secret, so neither its text nor any value is ever repeated.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::PathBuf;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{ConfigError, ConfigFile, Profile};
use super::{NamedView, SavedView};

const TOP_KEYS: &[&str] = &["default_profile", "profiles", "views", "commands"];

/// The keys of a `[[commands]]` entry.
const COMMAND_KEYS: &[&str] = &[
    "name",
    "key",
    "command",
    "input",
    "confirm",
    "mutating",
    "description",
];

/// Every key a profile may hold, in the order the error message lists them.
const PROFILE_KEYS: &[&str] = &[
    "url",
    "client_id",
    "secret",
    "secret_env",
    "secret_command",
    "secret_command_timeout_secs",
    "read_only",
    "insecure_http",
    "ca_bundle",
    "proxy",
    "default_query",
    "view",
    "views",
    "page_size",
    "csv_formula_guard",
];

/// The file's settings, or an error naming the place of the first mistake.
pub fn parse(text: &str, path: &str) -> Result<ConfigFile, ConfigError> {
    let reader = Reader { text, path };
    let document = DeTable::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        reader.error(at, syntax_message(e.message()))
    })?;
    let mut file = ConfigFile::default();
    for (key, value) in document.get_ref() {
        match name(key) {
            "default_profile" => {
                file.default_profile = Some(reader.text_value(key, value, None)?);
            }
            "profiles" => {
                let DeValue::Table(profiles) = value.get_ref() else {
                    return Err(reader.error(
                        value.span().start,
                        "`profiles` must be a table: write each profile as [profiles.NAME]".into(),
                    ));
                };
                file.profiles = reader.profiles(profiles)?;
            }
            "views" => file.views = reader.views(key, value, None)?,
            "commands" => file.commands = reader.commands(value)?,
            other => {
                let hint = if PROFILE_KEYS.contains(&other) {
                    format!(
                        "; `{}` belongs in a profile, under [profiles.NAME]",
                        shown(other)
                    )
                } else {
                    format!("; known keys: {}", TOP_KEYS.join(", "))
                };
                return Err(reader.error(
                    key.span().start,
                    format!("unknown key `{}`{hint}", shown(other)),
                ));
            }
        }
    }
    Ok(file)
}

struct Reader<'a> {
    text: &'a str,
    path: &'a str,
}

type Key<'i> = Spanned<Cow<'i, str>>;
type Value<'i> = Spanned<DeValue<'i>>;

fn name<'a>(key: &'a Key<'_>) -> &'a str {
    key.get_ref()
}

impl Reader<'_> {
    fn error(&self, offset: usize, message: String) -> ConfigError {
        let (line, column) = line_column(self.text, offset);
        ConfigError::Parse {
            path: self.path.to_string(),
            line,
            column,
            message,
        }
    }

    fn profiles(&self, table: &DeTable<'_>) -> Result<BTreeMap<String, Profile>, ConfigError> {
        let mut profiles = BTreeMap::new();
        for (name, value) in table {
            let name_text = self::name(name);
            let DeValue::Table(entries) = value.get_ref() else {
                return Err(self.error(
                    value.span().start,
                    format!(
                        "profile `{0}` must be a table: write it as [profiles.{0}]",
                        shown(name_text)
                    ),
                ));
            };
            profiles.insert(name_text.to_string(), self.profile(name_text, entries)?);
        }
        Ok(profiles)
    }

    fn profile(&self, name: &str, entries: &DeTable<'_>) -> Result<Profile, ConfigError> {
        let mut p = Profile::default();
        let within = Some(name);
        for (key, value) in entries {
            match self::name(key) {
                "url" => p.url = Some(self.text_value(key, value, within)?),
                "client_id" => p.client_id = Some(self.text_value(key, value, within)?),
                "secret" => p.secret = Some(self.text_value(key, value, within)?.into()),
                "secret_env" => p.secret_env = Some(self.text_value(key, value, within)?),
                "secret_command" => {
                    p.secret_command = Some(self.text_value(key, value, within)?);
                }
                "secret_command_timeout_secs" => {
                    let max = super::secret_command::MAX_TIMEOUT_SECS;
                    let what = format!("a number of seconds from 1 to {max}");
                    p.secret_command_timeout_secs =
                        Some(self.number(key, value, within, 1..=max, &what)?);
                }
                "read_only" => p.read_only = Some(self.flag(key, value, within)?),
                "insecure_http" => p.insecure_http = Some(self.flag(key, value, within)?),
                "ca_bundle" => {
                    p.ca_bundle = Some(PathBuf::from(self.text_value(key, value, within)?));
                }
                "proxy" => p.proxy = Some(self.text_value(key, value, within)?),
                "default_query" => p.default_query = Some(self.text_value(key, value, within)?),
                "view" => p.view = Some(self.text_value(key, value, within)?),
                "views" => p.views = self.views(key, value, within)?,
                "page_size" => {
                    // Any count is accepted and brought into 1..=500 later.
                    let n = self.number(
                        key,
                        value,
                        within,
                        0..=u64::from(u32::MAX),
                        "a number (from 1 to 500)",
                    )?;
                    p.page_size = Some(u32::try_from(n).unwrap_or(u32::MAX));
                }
                "csv_formula_guard" => p.csv_formula_guard = Some(self.flag(key, value, within)?),
                other => {
                    return Err(self.error(
                        key.span().start,
                        format!(
                            "unknown key `{}` in profile `{}`; known keys: {}",
                            shown(other),
                            shown(name),
                            PROFILE_KEYS.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(p)
    }

    /// A `views` table: each entry a query in quotes, or a table of `query`, `sort` and
    /// `view`. Names are checked as the TUI checks them when it saves one.
    fn views(
        &self,
        key: &Key<'_>,
        value: &Value<'_>,
        profile: Option<&str>,
    ) -> Result<Vec<NamedView>, ConfigError> {
        let DeValue::Table(entries) = value.get_ref() else {
            return Err(self.wrong_type(key, value, profile, "a table of views"));
        };
        let mut views = Vec::new();
        for (name, entry) in entries {
            let name_text = self::name(name);
            if let Err(problem) = crate::saved_views_file::check_name(name_text) {
                return Err(self.error(
                    name.span().start,
                    format!("view `{}`: {problem}", shown(name_text)),
                ));
            }
            let view = match entry.get_ref() {
                DeValue::String(query) => SavedView {
                    query: query.to_string(),
                    ..SavedView::default()
                },
                DeValue::Table(fields) => self.saved_view(name_text, fields, entry)?,
                _ => {
                    return Err(self.error(
                        entry.span().start,
                        format!(
                            "view `{}` must be a query in quotes, or a table such as \
                             {{ query = \"state:open\", sort = \"severity desc\" }}",
                            shown(name_text)
                        ),
                    ));
                }
            };
            views.push(NamedView {
                name: name_text.to_string(),
                view,
                profile: profile.map(str::to_string),
            });
        }
        Ok(views)
    }

    /// `[[commands]]`: each a table of `name`, `command` and the optional `key`,
    /// `input`, `confirm`, `mutating` and `description`.
    fn commands(&self, value: &Value<'_>) -> Result<Vec<super::CommandEntry>, ConfigError> {
        let DeValue::Array(entries) = value.get_ref() else {
            return Err(self.error(
                value.span().start,
                "`commands` must be written as [[commands]] tables".into(),
            ));
        };
        let mut commands = Vec::new();
        for entry in entries {
            let DeValue::Table(fields) = entry.get_ref() else {
                return Err(self.error(
                    entry.span().start,
                    "each of `commands` must be a table: write it as [[commands]]".into(),
                ));
            };
            let (line, _) = line_column(self.text, entry.span().start);
            let mut command = super::CommandEntry {
                place: format!("line {line}"),
                ..Default::default()
            };
            let mut name = None;
            let mut line_text = None;
            for (key, value) in fields {
                let within = Some("[[commands]]");
                match self::name(key) {
                    "name" => name = Some(self.text_value(key, value, within)?),
                    "command" => line_text = Some(self.text_value(key, value, within)?),
                    "key" => command.key = Some(self.text_value(key, value, within)?),
                    "input" => command.input = Some(self.text_value(key, value, within)?),
                    "description" => {
                        command.description = Some(self.text_value(key, value, within)?);
                    }
                    "confirm" => command.confirm = self.flag(key, value, within)?,
                    "mutating" => command.mutating = self.flag(key, value, within)?,
                    other => {
                        return Err(self.error(
                            key.span().start,
                            format!(
                                "unknown key `{}` in [[commands]]; known keys: {}",
                                shown(other),
                                COMMAND_KEYS.join(", ")
                            ),
                        ));
                    }
                }
            }
            command.name = name.ok_or_else(|| {
                self.error(
                    entry.span().start,
                    "a [[commands]] entry needs a `name`".into(),
                )
            })?;
            command.command = line_text.ok_or_else(|| {
                self.error(
                    entry.span().start,
                    format!("command `{}` needs a `command` line", shown(&command.name)),
                )
            })?;
            commands.push(command);
        }
        Ok(commands)
    }

    fn saved_view(
        &self,
        name: &str,
        fields: &DeTable<'_>,
        entry: &Value<'_>,
    ) -> Result<SavedView, ConfigError> {
        let mut view = SavedView::default();
        let mut query = None;
        let within = format!("view `{}`", shown(name));
        for (key, value) in fields {
            let text = || match value.get_ref() {
                DeValue::String(s) => Ok(s.to_string()),
                _ => Err(self.error(
                    value.span().start,
                    format!(
                        "`{}` of {within} must be a string in quotes",
                        shown(self::name(key))
                    ),
                )),
            };
            match self::name(key) {
                "query" => query = Some(text()?),
                "sort" => view.sort = Some(text()?),
                "view" => view.view = Some(text()?),
                other => {
                    return Err(self.error(
                        key.span().start,
                        format!(
                            "unknown key `{}` in {within}; known keys: query, sort, view",
                            shown(other)
                        ),
                    ));
                }
            }
        }
        view.query = query.ok_or_else(|| {
            self.error(
                entry.span().start,
                format!("{within} needs a `query` (\"\" for every alert)"),
            )
        })?;
        Ok(view)
    }

    fn wrong_type(
        &self,
        key: &Key<'_>,
        value: &Value<'_>,
        profile: Option<&str>,
        what: &str,
    ) -> ConfigError {
        let place = profile
            .map(|p| format!(" in profile `{}`", shown(p)))
            .unwrap_or_default();
        self.error(
            value.span().start,
            format!("`{}`{place} must be {what}", shown(self::name(key))),
        )
    }

    fn text_value(
        &self,
        key: &Key<'_>,
        value: &Value<'_>,
        profile: Option<&str>,
    ) -> Result<String, ConfigError> {
        match value.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.wrong_type(key, value, profile, "a string in quotes")),
        }
    }

    fn flag(
        &self,
        key: &Key<'_>,
        value: &Value<'_>,
        profile: Option<&str>,
    ) -> Result<bool, ConfigError> {
        match value.get_ref() {
            DeValue::Boolean(b) => Ok(*b),
            _ => Err(self.wrong_type(key, value, profile, "true or false")),
        }
    }

    /// A whole number in `range`; `what` says what is expected.
    fn number(
        &self,
        key: &Key<'_>,
        value: &Value<'_>,
        profile: Option<&str>,
        range: RangeInclusive<u64>,
        what: &str,
    ) -> Result<u64, ConfigError> {
        let n = match value.get_ref() {
            DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        };
        match n {
            Some(n) if range.contains(&n) => Ok(n),
            _ => Err(self.wrong_type(key, value, profile, what)),
        }
    }
}

/// A key or profile name as it may appear in a message: one line, no terminal
/// controls, at most 40 columns.
fn shown(name: &str) -> String {
    crate::sanitize::cell(name, 40)
}

/// The parser's description of a syntax error. These are fixed phrases ("invalid
/// basic string", "expected `=`"); as a safeguard anything quoted that is longer than a
/// TOML delimiter or escape letter is dropped, so no text of the file can come through.
fn syntax_message(message: &str) -> String {
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        } else if part.chars().count() <= 3 && part.chars().all(|c| c.is_ascii_graphic()) {
            out.push('`');
            out.push_str(part);
            out.push('`');
        } else {
            out.push('…');
        }
    }
    let out = crate::sanitize::cell(&out, 120);
    if out.trim().is_empty() {
        "not valid TOML".into()
    } else {
        format!("not valid TOML: {out}")
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_add(1);
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p.saturating_add(1));
    let column = before
        .get(line_start..)
        .map_or(0, |s| s.iter().filter(|b| (**b & 0xC0) != 0x80).count())
        .saturating_add(1);
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(text, "config.toml").unwrap_err().to_string()
    }

    #[test]
    fn a_misspelt_key_names_line_key_and_profile_but_not_the_value() {
        let e = err("[profiles.us]\nurl = \"https://x\"\nsecert = \"hunter2\"\n");
        assert!(
            e.starts_with(
                "config.toml line 3, column 1: unknown key `secert` in profile `us`; known keys: url,"
            ),
            "{e}"
        );
        assert!(!e.contains("hunter2"), "{e}");
    }

    #[test]
    fn wrong_types_name_the_key_and_what_it_must_be() {
        let e = err("[profiles.us]\n\npage_size = \"hunter2\"\n");
        assert_eq!(
            e,
            "config.toml line 3, column 13: `page_size` in profile `us` must be a number (from 1 to 500)"
        );
        let e = err("[profiles.us]\nsecret = 123456789\n");
        assert_eq!(
            e,
            "config.toml line 2, column 10: `secret` in profile `us` must be a string in quotes"
        );
        assert!(!e.contains("123456789"));
        let e = err("[profiles.us]\nread_only = \"yes\"\n");
        assert!(
            e.ends_with("`read_only` in profile `us` must be true or false"),
            "{e}"
        );
        let e = err("[profiles.us]\nsecret_command_timeout_secs = 0\n");
        assert!(
            e.ends_with("must be a number of seconds from 1 to 600"),
            "{e}"
        );
        let e = err("default_profile = 7\n");
        assert_eq!(
            e,
            "config.toml line 1, column 19: `default_profile` must be a string in quotes"
        );
    }

    #[test]
    fn syntax_errors_on_the_secret_line_do_not_quote_it() {
        for text in [
            "[profiles.us]\nsecret = hunter2\n",
            "[profiles.us]\nsecret = \"hunter2\n",
            "[profiles.us]\nsecret = 'hunter2\"\n",
            "[profiles.us]\nsecret = \"\"\"hunter2\n",
            "[profiles.us]\nsecret \"hunter2\"\n",
            "[profiles.us]\nsecret = \"hunter2\" \"more\"\n",
            "[profiles.us]\nsecret = \"hunt\\q er2\"\n",
            "[profiles.us]\nsecret = \"a\"\nsecret = \"hunter2\"\n",
        ] {
            let e = err(text);
            assert!(e.starts_with("config.toml line "), "{e}");
            assert!(e.contains("not valid TOML"), "{e}");
            assert!(
                !e.contains("hunter2") && !e.contains("hunt"),
                "{text:?}: {e}"
            );
        }
    }

    #[test]
    fn misplaced_and_misshapen_tables_are_explained() {
        let e = err("url = \"https://x\"\n");
        assert!(e.contains("`url` belongs in a profile"), "{e}");
        let e = err("profiles = 3\n");
        assert!(e.contains("`profiles` must be a table"), "{e}");
        let e = err("[profiles]\nus = \"x\"\n");
        assert!(e.contains("profile `us` must be a table"), "{e}");
        let e = err("[profiles.\"a\\u001b[2Jb\"]\nnope = 1\n");
        assert!(!e.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn a_good_file_reads_every_key() {
        let f = parse(
            "default_profile = \"us\"\n[profiles.us]\nurl = \"https://x\"\nclient_id = \"id\"\n\
             secret = \"s\"\nsecret_env = \"E\"\nsecret_command = \"c\"\n\
             secret_command_timeout_secs = 3\nread_only = true\ninsecure_http = true\n\
             ca_bundle = \"/ca.pem\"\nproxy = \"http://p:1\"\ndefault_query = \"state:open\"\n\
             page_size = 0x10\ncsv_formula_guard = false\n",
            "config.toml",
        )
        .unwrap();
        assert_eq!(f.default_profile.as_deref(), Some("us"));
        let p = f.profiles.get("us").unwrap();
        assert_eq!(p.secret.as_ref().unwrap().expose(), "s");
        assert_eq!(p.secret_command_timeout_secs, Some(3));
        assert_eq!(p.page_size, Some(16));
        assert_eq!(p.insecure_http, Some(true));
        assert_eq!(p.csv_formula_guard, Some(false));
        assert_eq!(
            p.ca_bundle.as_deref(),
            Some(std::path::Path::new("/ca.pem"))
        );
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column("", 0), (1, 1));
        assert_eq!(line_column("ab\ncé d", 7), (2, 4));
        assert_eq!(line_column("ab", 99), (1, 3));
    }
}
