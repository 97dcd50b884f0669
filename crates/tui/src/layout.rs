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

/// The help pop-up on a `width` x `height` screen, centred: its width and height.
pub fn help_size(width: u16, height: u16) -> (u16, u16) {
    (width.saturating_sub(4).min(100), height.saturating_sub(2))
}

/// Columns of text inside the help pop-up.
pub fn help_text_width(width: u16) -> usize {
    usize::from(help_size(width, 0).0.saturating_sub(2))
}

/// Lines of keys the help shows at once: its borders, the filter line and the hint
/// line take four.
pub fn help_rows_visible(height: u16) -> usize {
    usize::from(help_size(0, height).1.saturating_sub(4)).max(1)
}
