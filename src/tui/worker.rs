//! Slow work off the render path: a thread with its own read connection answers suggestion and
//! statistics requests. Requests that queue up while it works are collapsed to the newest, and
//! the UI drops answers whose sequence number is not the latest, so typing never waits.

use super::action::Action;
use crate::domain::Clock;
use crate::matching::OfferQuery;
use crate::store::Store;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

#[derive(Debug, Clone)]
pub enum Request {
    Suggest {
        seq: u64,
        query: Box<OfferQuery>,
        limit: usize,
    },
    Stats,
}

pub struct Worker {
    tx: Sender<Request>,
    rx: Receiver<Action>,
}

impl Worker {
    /// Start the worker on its own connection to the database at `path`.
    pub fn spawn(
        path: &Path,
        operator: &str,
        clock: Arc<dyn Clock>,
    ) -> crate::store::Result<Worker> {
        let store = Store::open(path, operator)?.with_clock(clock);
        let (tx, req_rx) = mpsc::channel::<Request>();
        let (resp_tx, rx) = mpsc::channel::<Action>();
        std::thread::Builder::new()
            .name("aidline-worker".into())
            .spawn(move || serve(store, req_rx, resp_tx))
            .map_err(|e| crate::store::StoreError::invalid("worker", e.to_string()))?;
        Ok(Worker { tx, rx })
    }

    pub fn send(&self, req: Request) {
        let _ = self.tx.send(req);
    }

    /// Answers that have arrived, without waiting.
    pub fn try_iter(&self) -> impl Iterator<Item = Action> + '_ {
        self.rx.try_iter()
    }
}

fn serve(store: Store, rx: Receiver<Request>, tx: Sender<Action>) {
    // Build the catalogue's and the gazetteer's lazy indexes now, not on the first keystroke.
    let _ = crate::catalogue::Catalogue::builtin().suggest("ко", 1);
    let _ = crate::catalogue::Gazetteer::builtin().suggest("ки", 1);
    while let Ok(first) = rx.recv() {
        // Keep only the newest of each kind.
        let mut suggest = None;
        let mut stats = false;
        for req in std::iter::once(first).chain(rx.try_iter()) {
            match req {
                Request::Suggest { seq, query, limit } => suggest = Some((seq, query, limit)),
                Request::Stats => stats = true,
            }
        }
        if let Some((seq, query, limit)) = suggest {
            let result = store
                .suggest_needs(&query, limit)
                .map_err(|e| e.to_string());
            if tx.send(Action::Suggestions(seq, result)).is_err() {
                return;
            }
        }
        if stats {
            let result = store.stats().map_err(|e| e.to_string());
            if tx.send(Action::StatsLoaded(result)).is_err() {
                return;
            }
        }
    }
}
