//! Colours and emphasis; with colour off (NO_COLOR) only bold and reverse remain.

use ratatui::style::{Color, Modifier, Style};

use crate::state::SeverityView;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn severity(self, severity: &SeverityView) -> Style {
        match severity {
            SeverityView::Critical => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            SeverityView::High => self.fg(Color::LightRed),
            SeverityView::Moderate => self.fg(Color::Yellow),
            SeverityView::Low => self.fg(Color::Cyan),
            _ => Style::new(),
        }
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn label(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Trouble that is being dealt with (a call being retried).
    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn focused_border(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// An alert watch mode brought that has not been selected yet.
    pub fn new_alert(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn marked(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
}
