//! Links into the web console. The console of a tenant lives on the API host's sibling
//! (`api.us2.code42.com` → `console.us2.code42.com`); other hosts (a proxy, the demo
//! tenant) are kept as they are.

/// The console's origin (scheme, host and port, no trailing `/`) for an API base URL;
/// `None` when the URL cannot be read.
pub fn console_origin(api_base_url: &str) -> Option<String> {
    let mut url = reqwest::Url::parse(api_base_url).ok()?;
    let host = url.host_str()?.to_string();
    if let Some(rest) = host.strip_prefix("api.") {
        url.set_host(Some(&format!("console.{rest}"))).ok()?;
    }
    url.set_path("");
    url.set_query(None);
    url.set_fragment(None);
    Some(url.as_str().trim_end_matches('/').to_string())
}

/// The console page of an alert. The id is percent-encoded: ids come from the server
/// and must not turn the link into another one.
pub fn alert_link(console_origin: &str, alert_id: &str) -> String {
    format!(
        "{console_origin}/app/#/alerts/review-alerts/{}",
        encode_segment(alert_id)
    )
}

fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_is_the_api_hosts_sibling() {
        for (api, console) in [
            ("https://api.us.code42.com", "https://console.us.code42.com"),
            (
                "https://api.us2.code42.com/",
                "https://console.us2.code42.com",
            ),
            (
                "https://api.gov.code42.com/v1",
                "https://console.gov.code42.com",
            ),
            ("http://127.0.0.1:8042", "http://127.0.0.1:8042"),
            (
                "https://incydr-proxy.corp:8443/",
                "https://incydr-proxy.corp:8443",
            ),
        ] {
            assert_eq!(console_origin(api).as_deref(), Some(console), "{api}");
        }
        assert_eq!(console_origin("not a url"), None);
    }

    #[test]
    fn ids_cannot_change_the_link() {
        let origin = "https://console.us.code42.com";
        assert_eq!(
            alert_link(origin, "0546a8cf-bb20-43b2-b1eb-ac4840433326"),
            "https://console.us.code42.com/app/#/alerts/review-alerts/0546a8cf-bb20-43b2-b1eb-ac4840433326"
        );
        assert_eq!(
            alert_link(origin, "../x?y#z\u{1b}é"),
            "https://console.us.code42.com/app/#/alerts/review-alerts/..%2Fx%3Fy%23z%1B%C3%A9"
        );
    }
}
