//! Where effects run in the console: three threads, each with its own connection. Short reads
//! (pages, suggestions, lookups, polls) and long ones (counts, statistics) have a thread each,
//! so a count never holds up the page the operator is waiting for; requests of the same slot
//! that queue up while a thread works are collapsed to the newest (the UI drops answers whose
//! generation is not the latest anyway). Writes have their own thread and run in the order they
//! were asked for. The UI thread never waits for SQLite.

use super::action::Action;
use super::effect::{self, Effect, Lane};
use crate::domain::Clock;
use crate::store::Store;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

pub struct Runner {
    read: Sender<Effect>,
    count: Sender<Effect>,
    write: Option<Sender<Effect>>,
    writer: Option<JoinHandle<()>>,
    rx: Receiver<Action>,
}

fn spawn(
    name: &str,
    store: Store,
    collapse: bool,
    tx: Sender<Action>,
) -> crate::store::Result<(Sender<Effect>, JoinHandle<()>)> {
    let (req_tx, req_rx) = mpsc::channel::<Effect>();
    let handle = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || serve(store, req_rx, tx, collapse))
        .map_err(|e| crate::store::StoreError::invalid("worker", e.to_string()))?;
    Ok((req_tx, handle))
}

impl Runner {
    /// Start the threads, each on its own connection to the database at `path`.
    pub fn spawn(
        path: &Path,
        operator: &str,
        clock: Arc<dyn Clock>,
    ) -> crate::store::Result<Runner> {
        let open = || -> crate::store::Result<Store> {
            Ok(Store::open(path, operator)?.with_clock(clock.clone()))
        };
        let (tx, rx) = mpsc::channel::<Action>();
        let (read, _) = spawn("aidline-read", open()?, true, tx.clone())?;
        let (count, _) = spawn("aidline-count", open()?, true, tx.clone())?;
        let (write, writer) = spawn("aidline-write", open()?, false, tx)?;
        // Build the catalogue's and the gazetteer's lazy indexes now, not on the first keystroke.
        std::thread::spawn(|| {
            let _ = crate::catalogue::Catalogue::builtin().suggest("ко", 1);
            let _ = crate::catalogue::Gazetteer::builtin().suggest("ки", 1);
        });
        Ok(Runner {
            read,
            count,
            write: Some(write),
            writer: Some(writer),
            rx,
        })
    }

    pub fn send(&self, e: Effect) {
        let lane = match e.lane() {
            Lane::Read => &self.read,
            Lane::Count => &self.count,
            Lane::Write => match &self.write {
                Some(w) => w,
                None => return,
            },
        };
        let _ = lane.send(e);
    }

    /// Answers that have arrived, without waiting.
    pub fn try_iter(&self) -> impl Iterator<Item = Action> + '_ {
        self.rx.try_iter()
    }

    /// Finish the writes already asked for (leaving: the draft is written after them).
    pub fn finish(mut self) {
        drop(self.write.take());
        if let Some(h) = self.writer.take() {
            let _ = h.join();
        }
    }
}

fn serve(mut store: Store, rx: Receiver<Effect>, tx: Sender<Action>, collapse: bool) {
    while let Ok(first) = rx.recv() {
        let batch: Vec<Effect> = std::iter::once(first).chain(rx.try_iter()).collect();
        let batch = if collapse {
            newest_per_slot(batch)
        } else {
            batch
        };
        for e in batch {
            if let Some(answer) = effect::execute(&mut store, e)
                && tx.send(answer).is_err()
            {
                return;
            }
        }
    }
}

/// Keep only the newest request of each slot, in the order they were asked.
fn newest_per_slot(batch: Vec<Effect>) -> Vec<Effect> {
    let mut out: Vec<Effect> = Vec::new();
    for e in batch {
        match e.slot() {
            Some(slot) => {
                out.retain(|x| x.slot() != Some(slot));
                out.push(e);
            }
            None => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::Tab;
    use crate::tui::lists::ListQuery;

    #[test]
    fn queued_reads_collapse_to_the_newest_of_each_slot() {
        let page = |generation| Effect::LoadPage {
            tab: Tab::Needs,
            generation,
            query: ListQuery::default(),
            start: 0,
        };
        let out = newest_per_slot(vec![
            page(1),
            page(2),
            Effect::LoadPage {
                tab: Tab::Offers,
                generation: 1,
                query: ListQuery::default(),
                start: 0,
            },
            page(3),
        ]);
        assert_eq!(out.len(), 2);
        assert!(matches!(
            out[1],
            Effect::LoadPage {
                generation: 3,
                tab: Tab::Needs,
                ..
            }
        ));
    }
}
