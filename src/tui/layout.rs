//! Screen geometry that both the reducer (how many rows a page holds) and rendering use.

/// Below this width the detail and file panes share one tabbed area under the list.
pub const WIDE_LAYOUT_MIN_WIDTH: u16 = 120;

/// Rows of the alert table that fit on a `width` x `height` screen; `zoomed`, the list
/// (when it is the pane zoomed) has the whole body.
pub fn alert_rows_visible(width: u16, height: u16, zoomed: bool) -> usize {
    // One line each for the filter and the status bar.
    let body = height.saturating_sub(2);
    let list = if zoomed || width >= WIDE_LAYOUT_MIN_WIDTH {
        body
    } else {
        (u32::from(body) * 45 / 100) as u16
    };
    // Borders and the header row.
    usize::from(list.saturating_sub(3))
}
