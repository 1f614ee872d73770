//! Where effects run in the console: three threads, each with its own connection. Short reads
//! (pages, suggestions, lookups, polls) and long ones (counts, statistics) have a thread each,
//! so a count never holds up the page the operator is waiting for; requests of the same slot
//! that queue up while a thread works are collapsed to the newest (the UI drops answers whose
//! generation is not the latest anyway). Writes have their own thread and run in the order they
//! were asked for. The UI thread never waits for SQLite.

use super::action::Action;
use super::effect::{self, Effect, Lane, Slot};
use crate::domain::Clock;
use crate::store::Store;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A reading thread's queue, the slot it is working on, and how to stop that work.
struct Reader {
    tx: Sender<Effect>,
    busy: Arc<Mutex<Option<Slot>>>,
    interrupt: rusqlite::InterruptHandle,
}

impl Reader {
    /// Queue a read; a newer request for the slot being read stops that read (its answer would
    /// be dropped as stale anyway), so a slow query never holds up the next one.
    fn send(&self, e: Effect) {
        if let Some(slot) = e.slot()
            && *self.busy.lock().unwrap_or_else(|p| p.into_inner()) == Some(slot)
        {
            self.interrupt.interrupt();
        }
        let _ = self.tx.send(e);
    }
}

pub struct Runner {
    read: Reader,
    count: Reader,
    write: Option<Sender<Effect>>,
    writer: Option<JoinHandle<()>>,
    rx: Receiver<Action>,
}

fn spawn(
    name: &str,
    store: Store,
    busy: Option<Arc<Mutex<Option<Slot>>>>,
    tx: Sender<Action>,
) -> crate::store::Result<(Sender<Effect>, JoinHandle<()>)> {
    let (req_tx, req_rx) = mpsc::channel::<Effect>();
    let handle = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || serve(store, req_rx, tx, busy))
        .map_err(|e| crate::store::StoreError::invalid("worker", e.to_string()))?;
    Ok((req_tx, handle))
}

fn reader(name: &str, store: Store, tx: Sender<Action>) -> crate::store::Result<Reader> {
    let busy = Arc::new(Mutex::new(None));
    let interrupt = store.interrupt_handle();
    let (req_tx, _) = spawn(name, store, Some(busy.clone()), tx)?;
    Ok(Reader {
        tx: req_tx,
        busy,
        interrupt,
    })
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
        let read = reader("aidline-read", open()?, tx.clone())?;
        let count = reader("aidline-count", open()?, tx.clone())?;
        let (write, writer) = spawn("aidline-write", open()?, None, tx)?;
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
        match e.lane() {
            Lane::Read => self.read.send(e),
            Lane::Count => self.count.send(e),
            Lane::Write => {
                if let Some(w) = &self.write {
                    let _ = w.send(e);
                }
            }
        }
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

/// Run effects as they come. A reader (`busy` given) keeps only the newest of each slot and
/// says which slot it is reading; the writer runs every write in order.
fn serve(
    mut store: Store,
    rx: Receiver<Effect>,
    tx: Sender<Action>,
    busy: Option<Arc<Mutex<Option<Slot>>>>,
) {
    let set = |slot: Option<Slot>| {
        if let Some(b) = &busy {
            *b.lock().unwrap_or_else(|p| p.into_inner()) = slot;
        }
    };
    let mut queue: Vec<Effect> = Vec::new();
    loop {
        if queue.is_empty() {
            match rx.recv() {
                Ok(e) => queue.push(e),
                Err(_) => return,
            }
        }
        queue.extend(rx.try_iter());
        if busy.is_some() {
            queue = newest_per_slot(std::mem::take(&mut queue));
        }
        let e = queue.remove(0);
        let slot = e.slot();
        let again = busy.is_some().then(|| e.clone());
        set(slot);
        let answer = effect::execute(&mut store, e);
        set(None);
        if let (Some(a), Some(again)) = (&answer, again)
            && a.was_interrupted()
        {
            // Stopped for a newer request: read again only if none is waiting.
            queue.extend(rx.try_iter());
            if !queue.iter().any(|q| q.slot() == slot) {
                queue.insert(0, again);
            }
            continue;
        }
        if let Some(answer) = answer
            && tx.send(answer).is_err()
        {
            return;
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
