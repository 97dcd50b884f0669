//! The one place that hides credentials written into a URL (`http://user:pass@proxy:3128`).
//! Everything that shows a proxy or tenant URL — `info`, error messages, `Debug` — goes
//! through [`mask_url_credentials`].

/// Characters that end a URL inside running text.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>' | '(' | ')')
}

/// `text` with the password of every URL in it replaced by `****`:
/// `http://user:pass@proxy:3128` becomes `http://user:****@proxy:3128`. A user name
/// without a password may itself be a token, so `http://token@proxy` becomes
/// `http://****@proxy`. A bare value without a scheme (`user:pass@proxy:3128`, which
/// reqwest accepts as a proxy) is masked the same way. Text without credentials is
/// returned unchanged.
pub fn mask_url_credentials(text: &str) -> String {
    if !text.contains("://") {
        // A scheme-less proxy value; running text without a URL is left alone.
        return if text.chars().any(char::is_whitespace) {
            text.to_string()
        } else {
            mask_authority(text)
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let Some((head, tail)) = at
            .checked_add("://".len())
            .and_then(|end| rest.split_at_checked(end))
        else {
            break;
        };
        out.push_str(head);
        let url_len = tail.find(ends_url).unwrap_or(tail.len());
        let Some((url, after)) = tail.split_at_checked(url_len) else {
            rest = tail;
            break;
        };
        out.push_str(&mask_authority(url));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `user:pass@host…` → `user:****@host…`; `token@host…` → `****@host…`. Everything up
/// to the last `@` counts as user information, so a password holding `/` or `@` is
/// still hidden whole.
fn mask_authority(url: &str) -> String {
    match url.rsplit_once('@') {
        None => url.to_string(),
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:****@{host}"),
            None => format!("****@{host}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::mask_url_credentials as mask;

    #[test]
    fn passwords_in_urls_are_hidden() {
        assert_eq!(
            mask("http://user:pass@proxy:3128"),
            "http://user:****@proxy:3128"
        );
        assert_eq!(
            mask("http://user:pass@proxy:3128/"),
            "http://user:****@proxy:3128/"
        );
        assert_eq!(mask("https://tok3n@proxy"), "https://****@proxy");
        assert_eq!(mask("user:pass@proxy:3128"), "user:****@proxy:3128");
        assert_eq!(
            mask("http://u:p%40ss@[::1]:8080"),
            "http://u:****@[::1]:8080"
        );
        assert_eq!(mask("http://u:pa/ss@proxy:1"), "http://u:****@proxy:1");
        assert_eq!(mask("http://u:pa@ss@proxy:1"), "http://u:****@proxy:1");
    }

    #[test]
    fn urls_without_credentials_and_plain_text_are_unchanged() {
        for text in [
            "http://proxy.internal:3128",
            "https://api.us.code42.com",
            "",
            "no url here",
            "proxy:3128",
        ] {
            assert_eq!(mask(text), text);
        }
    }

    #[test]
    fn every_url_in_running_text_is_masked() {
        assert_eq!(
            mask("proxy \"http://a:b@p:1\": bad (see socks5://c:d@q:2)"),
            "proxy \"http://a:****@p:1\": bad (see socks5://c:****@q:2)"
        );
        assert_eq!(mask("ends with ://"), "ends with ://");
        assert_eq!(mask("é://ü:ö@ä"), "é://ü:****@ä");
    }
}
