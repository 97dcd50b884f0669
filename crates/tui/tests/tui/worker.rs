//! The worker: a newer request in a slot cancels the older one, and mutations
//! run one at a time in the order they were asked for.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use triage42_api::pager::PageAsk;
use triage42_core::export_columns::AlertRecord;
use triage42_core::filter::SortSpec;
use triage42_tui::effect::{Call, FileEventSearch, ListCall, ListMutation, ListQuery, Mutation};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::service::{ListService, TriageService, Worker};
use triage42_tui::state::{
    AlertDetailView, AlertKind, AlertRow, AlertStateView, AppliedFilter, CaseForm, CaseRow,
    FileEventRow, SessionDetailView, SessionEventRow, SessionKind, SessionRow, SessionSort,
    SessionStateView,
};
use triage42_tui::state::{CallError, ExportStage, Slot};

use crate::support::*;
use triage42_tui::update::update;

/// An in-memory tenant of 1,000 alerts; page 0 answers slowly so a newer request can overtake it.
#[derive(Clone, Default)]
struct SlowFirstPage {
    calls: Arc<Mutex<Vec<String>>>,
}

impl SlowFirstPage {
    fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }
}

impl ListService<AlertKind> for SlowFirstPage {
    async fn page(
        &self,
        _: ListQuery<SortSpec>,
        ask: PageAsk,
    ) -> Result<(Vec<AlertRow>, u64), CallError> {
        self.calls.lock().unwrap().push(format!(
            "search in {:?}",
            triage42_tui::service::current_call()
        ));
        if ask.number == 0 {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        let start = ask.offset() as usize;
        Ok(((start..start + ask.size as usize).map(row).collect(), 1000))
    }
    async fn detail(&self, id: String) -> Result<AlertDetailView, CallError> {
        let index: usize = id["alert-".len()..].parse().unwrap();
        Ok(detail(row(index)))
    }
    async fn details(&self, ids: Vec<String>) -> Result<Vec<AlertDetailView>, CallError> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("details {}", ids.len()));
        Ok(details_of(&ids))
    }
    /// Every alert but those whose index ends in 7 (as if deleted since listed).
    async fn export_records(&self, rows: Vec<AlertRow>) -> Result<Vec<AlertRecord>, CallError> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("records {}", rows.len()));
        let kept: Vec<AlertRow> = rows.into_iter().filter(|r| !r.id.ends_with('7')).collect();
        Ok(alert_records(&kept))
    }
    async fn update_states(
        &self,
        ids: Vec<String>,
        _: AlertStateView,
        _: Option<String>,
    ) -> (Vec<String>, Result<(), CallError>) {
        assert_eq!(triage42_tui::service::current_call(), Some(Slot::Mutation));
        self.calls.lock().unwrap().push(format!("start {}", ids[0]));
        tokio::time::sleep(Duration::from_millis(20)).await;
        self.calls.lock().unwrap().push(format!("end {}", ids[0]));
        (ids, Ok(()))
    }
    async fn save_note(&self, _: String, _: String) -> Result<(), CallError> {
        Ok(())
    }
}

impl ListService<SessionKind> for SlowFirstPage {
    async fn page(
        &self,
        _: ListQuery<SessionSort>,
        ask: PageAsk,
    ) -> Result<(Vec<SessionRow>, u64), CallError> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("sessions page {}", ask.number));
        Ok((session_rows(ask.size as usize), 120))
    }
    async fn detail(&self, id: String) -> Result<SessionDetailView, CallError> {
        let index: usize = id["session-".len()..].parse().unwrap();
        Ok(session_detail(session_row(index)))
    }
    async fn update_states(
        &self,
        ids: Vec<String>,
        state: SessionStateView,
        note: Option<String>,
    ) -> (Vec<String>, Result<(), CallError>) {
        assert_eq!(triage42_tui::service::current_call(), Some(Slot::Mutation));
        self.calls.lock().unwrap().push(format!(
            "sessions {} to {} with {:?}",
            ids.len(),
            state.label(),
            note
        ));
        (ids, Ok(()))
    }
    async fn save_note(&self, id: String, note: String) -> Result<(), CallError> {
        self.calls
            .lock()
            .unwrap()
            .push(format!("note on {id}: {note}"));
        Ok(())
    }
}

/// These fakes hold no cases.
macro_rules! no_cases {
    ($service:ty) => {
        impl ListService<triage42_tui::state::CaseKind> for $service {
            async fn page(
                &self,
                _: ListQuery<triage42_tui::state::CaseSort>,
                _: PageAsk,
            ) -> Result<(Vec<triage42_tui::state::CaseListRow>, u64), CallError> {
                Ok((Vec::new(), 0))
            }
            async fn detail(
                &self,
                id: String,
            ) -> Result<triage42_tui::state::CaseDetailView, CallError> {
                Err(CallError::new(format!("no case {id}")))
            }
            async fn update_states(
                &self,
                _: Vec<String>,
                _: triage42_tui::state::CaseStatusView,
                _: Option<String>,
            ) -> (Vec<String>, Result<(), CallError>) {
                (Vec::new(), Err(CallError::new("no cases")))
            }
            async fn save_note(&self, _: String, _: String) -> Result<(), CallError> {
                Err(CallError::new("no cases"))
            }
        }
    };
}

no_cases!(SlowFirstPage);
no_cases!(StuckPage);

impl TriageService for SlowFirstPage {
    async fn search_file_events(
        &self,
        _: FileEventSearch,
    ) -> Result<(Vec<FileEventRow>, u64), CallError> {
        Ok((file_events(), 4))
    }
    async fn create_case(&self, _: CaseForm) -> Result<u64, CallError> {
        Ok(9)
    }
    async fn list_cases(&self) -> Result<Vec<CaseRow>, CallError> {
        Ok(vec![])
    }
    async fn add_events_to_case(&self, _: u64, event_ids: Vec<String>) -> Result<(), CallError> {
        assert!(event_ids.len() <= 100);
        Ok(())
    }
    async fn session_events(&self, _: String) -> Result<(Vec<SessionEventRow>, u64), CallError> {
        Ok((session_events(), 4))
    }
    fn record_not_sent(&self, dropped: &[Mutation], reason: &str) -> Result<(), String> {
        for effect in dropped {
            if let Some((_, ids)) = effect.bulk_chunk() {
                self.calls
                    .lock()
                    .unwrap()
                    .push(format!("not sent {} ({reason})", ids[0]));
            }
        }
        Ok(())
    }
}

fn load(request_id: u64, number: u32) -> Call {
    Call::Alerts(ListCall::LoadPage {
        request_id,
        query: ListQuery {
            filter: AppliedFilter::default(),
            sort: SortSpec::default(),
        },
        ask: PageAsk {
            bound: None,
            number,
            size: 50,
        },
    })
}

#[tokio::test]
async fn newer_request_in_a_slot_cancels_the_older() {
    let service = SlowFirstPage::default();
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut worker = Worker::new(service.clone(), sender);
    worker.run(load(1, 0));
    worker.run(load(2, 1));
    let Some(Msg::Alerts(ListMsg::PageLoaded { request_id, result })) = messages.recv().await
    else {
        panic!("expected alerts")
    };
    assert_eq!(request_id, 2);
    assert_eq!(result.unwrap().0[0].id, row(50).id);
    // Each call knows its slot, so a retry notice raised inside it can say which.
    let calls = service.calls();
    assert!(!calls.is_empty());
    assert!(
        calls.iter().all(|c| c == "search in Some(List(Alerts))"),
        "{calls:?}"
    );
    // The slow first request was aborted: nothing else ever arrives.
    drop(worker);
    assert!(messages.recv().await.is_none());
}

#[tokio::test]
async fn mutations_run_in_order_one_at_a_time() {
    let service = SlowFirstPage::default();
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut worker = Worker::new(service.clone(), sender);
    for chunk in 0..3 {
        worker.run(Call::Mutation(chunk_of(chunk)));
    }
    for chunk in 0..3 {
        let Some(Msg::Alerts(ListMsg::StatesUpdated { ids, result, .. })) = messages.recv().await
        else {
            panic!("expected a state change result")
        };
        assert_eq!(ids, vec![format!("alert-{chunk}")]);
        assert!(result.is_ok());
    }
    let calls = service.calls.lock().unwrap().clone();
    assert_eq!(
        calls,
        [
            "start alert-0",
            "end alert-0",
            "start alert-1",
            "end alert-1",
            "start alert-2",
            "end alert-2"
        ]
    );
}

#[tokio::test]
async fn case_events_go_in_chunks_with_progress() {
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut worker = Worker::new(SlowFirstPage::default(), sender);
    let event_ids: Vec<String> = (0..250).map(|i| format!("evt-{i}")).collect();
    worker.run(Call::Mutation(Mutation::CreateCase {
        form: CaseForm {
            name: "x".into(),
            ..Default::default()
        },
        event_ids,
    }));
    let mut progress = Vec::new();
    loop {
        match messages.recv().await {
            Some(Msg::CaseProgress {
                case_number,
                events_added,
                events_total,
            }) => {
                assert_eq!((case_number, events_total), (9, 250));
                progress.push(events_added);
            }
            Some(Msg::CaseDone { created, result }) => {
                assert!(created);
                assert_eq!(result.unwrap(), (9, 250));
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(progress, vec![0, 100, 200, 250]);
}

fn chunk_of(n: usize) -> Mutation {
    Mutation::Alerts(ListMutation::UpdateStates {
        operation: 7,
        ids: vec![format!("alert-{n}")],
        state: AlertStateView::Resolved,
        note: None,
    })
}

// Paused time: the last wait ends only once every task has run as far as it can, so
// "nothing more is sent" does not depend on how fast this machine is.
#[tokio::test(start_paused = true)]
async fn dropping_the_queue_journals_what_waited_and_lets_the_one_in_flight_finish() {
    let service = SlowFirstPage::default();
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut worker = Worker::new(service.clone(), sender);
    worker.run(Call::Mutation(chunk_of(0)));
    while service.calls().is_empty() {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    worker.run(Call::Mutation(chunk_of(1)));
    worker.run(Call::Mutation(chunk_of(2)));
    worker.run(Call::DropQueuedMutations {
        reason: "stopped".into(),
    });
    let mut answered = Vec::new();
    let mut dropped = None;
    while answered.is_empty() || dropped.is_none() {
        match messages.recv().await {
            Some(Msg::Alerts(ListMsg::StatesUpdated { ids, result, .. })) => {
                assert!(result.is_ok());
                answered.extend(ids);
            }
            Some(Msg::MutationsDropped {
                dropped: d,
                journaled,
            }) => {
                assert_eq!(journaled, Ok(()));
                dropped = Some(d);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(answered, ["alert-0"], "the chunk in flight finished");
    assert_eq!(dropped.unwrap(), vec![chunk_of(1), chunk_of(2)]);
    // Nothing dropped is ever sent; each was journaled before its message came.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let mut calls = service.calls();
    calls.sort();
    assert_eq!(
        calls,
        [
            "end alert-0",
            "not sent alert-1 (stopped)",
            "not sent alert-2 (stopped)",
            "start alert-0",
        ]
    );
    // The queue still takes work afterwards, in order.
    worker.run(Call::Mutation(chunk_of(3)));
    let Some(Msg::Alerts(ListMsg::StatesUpdated { ids, .. })) = messages.recv().await else {
        panic!("expected the next chunk")
    };
    assert_eq!(ids, ["alert-3"]);
}

#[tokio::test]
async fn notes_are_read_in_calls_of_at_most_a_hundred() {
    let service = SlowFirstPage::default();
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut worker = Worker::new(service.clone(), sender);
    let ids: Vec<String> = (0..250).map(|i| format!("alert-{i:06}")).collect();
    worker.run(Call::Alerts(ListCall::ReadDetails {
        request_id: 4,
        slot: Slot::Notes,
        ids: ids.clone(),
    }));
    let Some(Msg::Alerts(ListMsg::DetailsRead {
        request_id, result, ..
    })) = messages.recv().await
    else {
        panic!("expected the notes")
    };
    assert_eq!(request_id, 4);
    let read: Vec<String> = result.unwrap().into_iter().map(|d| d.row.id).collect();
    assert_eq!(read, ids);
    assert_eq!(
        service.calls(),
        ["details 100", "details 100", "details 50"]
    );
}

/// A tenant that answers every read with a full page of the same 50 alerts, whatever is
/// asked.
#[derive(Clone, Default)]
struct StuckPage;

impl ListService<AlertKind> for StuckPage {
    async fn page(
        &self,
        _: ListQuery<SortSpec>,
        ask: PageAsk,
    ) -> Result<(Vec<AlertRow>, u64), CallError> {
        Ok((
            (0..ask.size as usize).map(|i| row(i % 50)).collect(),
            1_000_000,
        ))
    }
    async fn detail(&self, id: String) -> Result<AlertDetailView, CallError> {
        Ok(detail(row(index_of(&id))))
    }
    async fn update_states(
        &self,
        ids: Vec<String>,
        _: AlertStateView,
        _: Option<String>,
    ) -> (Vec<String>, Result<(), CallError>) {
        (ids, Ok(()))
    }
    async fn save_note(&self, _: String, _: String) -> Result<(), CallError> {
        Ok(())
    }
}

impl ListService<SessionKind> for StuckPage {
    async fn page(
        &self,
        _: ListQuery<SessionSort>,
        _: PageAsk,
    ) -> Result<(Vec<SessionRow>, u64), CallError> {
        Ok((Vec::new(), 0))
    }
    async fn detail(&self, id: String) -> Result<SessionDetailView, CallError> {
        Err(CallError::new(id))
    }
    async fn update_states(
        &self,
        ids: Vec<String>,
        _: SessionStateView,
        _: Option<String>,
    ) -> (Vec<String>, Result<(), CallError>) {
        (ids, Ok(()))
    }
    async fn save_note(&self, _: String, _: String) -> Result<(), CallError> {
        Ok(())
    }
}

impl TriageService for StuckPage {
    async fn search_file_events(
        &self,
        _: FileEventSearch,
    ) -> Result<(Vec<FileEventRow>, u64), CallError> {
        Ok((Vec::new(), 0))
    }
    async fn create_case(&self, _: CaseForm) -> Result<u64, CallError> {
        Ok(1)
    }
    async fn list_cases(&self) -> Result<Vec<CaseRow>, CallError> {
        Ok(vec![])
    }
    async fn add_events_to_case(&self, _: u64, _: Vec<String>) -> Result<(), CallError> {
        Ok(())
    }
    async fn session_events(&self, _: String) -> Result<(Vec<SessionEventRow>, u64), CallError> {
        Ok((Vec::new(), 0))
    }
}

#[tokio::test]
async fn an_export_of_a_server_that_repeats_its_page_ends_with_an_error_not_a_growing_file() {
    // The list holds the first page; the export reads on and gets it again and again.
    let mut state = loaded_state(50, 1_000_000);
    update(&mut state, char_key('e'));
    let effects = update(&mut state, key(crossterm::event::KeyCode::Enter));
    let [triage42_tui::effect::Effect::Call(call)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut worker = Worker::new(StuckPage, sender);
    worker.run(call.clone());
    loop {
        match messages.recv().await {
            Some(Msg::Alerts(ListMsg::ExportProgress { stage, done, .. })) => {
                assert_eq!(stage, ExportStage::Pages);
                assert_eq!(done, 50, "nothing is added twice")
            }
            Some(Msg::Alerts(ListMsg::ExportFetched { result, .. })) => {
                let reason = result.unwrap_err();
                assert!(
                    reason.contains("could not fetch the alerts to export"),
                    "{reason}"
                );
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_export_of_alerts_reads_their_notes_100_a_call_in_the_lists_order() {
    let mut state = loaded_state(250, 250);
    update(&mut state, char_key('e'));
    let effects = update(&mut state, key(crossterm::event::KeyCode::Enter));
    let [triage42_tui::effect::Effect::Call(call)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let service = SlowFirstPage::default();
    let (sender, mut messages) = mpsc::unbounded_channel();
    let mut worker = Worker::new(service.clone(), sender);
    worker.run(call.clone());
    let mut progress = Vec::new();
    let read = loop {
        match messages.recv().await {
            Some(Msg::Alerts(ListMsg::ExportProgress {
                stage, done, total, ..
            })) => {
                assert_eq!(stage, ExportStage::Notes);
                progress.push((done, total));
            }
            Some(Msg::Alerts(ListMsg::ExportFetched { result, .. })) => break result.unwrap(),
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(progress, [(0, 250), (100, 250), (200, 250), (250, 250)]);
    let ids: Vec<String> = read.records.iter().map(|r| r.id.clone()).collect();
    let expected: Vec<String> = (0..250)
        .map(|i| format!("alert-{i:06}"))
        .filter(|id| !id.ends_with('7'))
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(read.left_out, 25);
    let mut calls = service.calls();
    calls.sort();
    assert_eq!(calls, ["records 100", "records 100", "records 50"]);
}
