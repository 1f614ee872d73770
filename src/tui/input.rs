//! The console's keyboard: the input thread reads the terminal's bytes itself and turns them into
//! the crossterm [`Event`]s the rest of the console handles.
//!
//! Why not crossterm's own reader: its parser clears its whole buffer on invalid UTF-8, so a
//! truncated multi-byte sequence (a flaky SSH link, a paste cut inside «е») swallowed the next,
//! valid key, and that parser is private (issue 13.7). Here the bytes go through three stages:
//!
//! 1. [`Decoder`] takes bracketed pastes (`ESC [200~ … ESC [201~`) out of the stream whole, in
//!    linear time however large they are;
//! 2. [`Utf8Filter`] drops every byte that is not part of a well-formed UTF-8 character, so a
//!    truncated sequence loses only itself, never the key after it;
//! 3. termina's public [`termina::Parser`] (the Helix editor's fork of crossterm's parser: the
//!    same reading of every key sequence) turns the clean bytes into key events, which
//!    [`to_crossterm`] converts.
//!
//! A lone ESC with nothing after it within [`ESC_WAIT`] is the Esc key; ESC followed at once by a
//! key is Alt+key. Window resizes come from SIGWINCH.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use std::io;
use std::sync::mpsc::Sender;
use std::time::Duration;
use termina::event as t;

/// How long a lone ESC waits for the rest of an escape sequence before it is the Esc key.
/// Terminals send a sequence in one write, so its bytes arrive together; 25 ms is below what a
/// person notices and above the jitter of a local or a usual SSH link.
pub const ESC_WAIT: Duration = Duration::from_millis(25);

/// How long a bracketed paste may pause before what came of it is taken as the whole paste (its
/// end marker lost on the way), so the console does not take every later key as pasted text.
pub const PASTE_IDLE: Duration = Duration::from_secs(2);

/// The most of one paste kept in memory (a runaway paste must not eat the machine's memory). The
/// console's largest field takes far less, and says so when a paste is cut.
pub const PASTE_MAX_BYTES: usize = 16 << 20;

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Passes well-formed UTF-8 through and drops everything else: a lead byte whose sequence is cut
/// short, a stray continuation byte, bytes that never occur in UTF-8, overlong forms and
/// surrogates. A character split across two reads is kept whole.
#[derive(Debug, Default)]
pub struct Utf8Filter {
    pending: [u8; 4],
    len: usize,
    need: usize,
    dropped: usize,
}

impl Utf8Filter {
    /// Take one byte; a completed, valid character (or an ASCII byte) is appended to `out`.
    pub fn push(&mut self, b: u8, out: &mut Vec<u8>) {
        if self.len > 0 {
            if b & 0xC0 == 0x80 {
                self.pending[self.len] = b;
                self.len += 1;
                if self.len == self.need {
                    let seq = &self.pending[..self.len];
                    if std::str::from_utf8(seq).is_ok() {
                        out.extend_from_slice(seq);
                    } else {
                        self.dropped += self.len;
                    }
                    self.len = 0;
                }
                return;
            }
            // The sequence was cut short: it alone is lost; this byte starts afresh.
            self.reset();
        }
        let need = match b {
            0x00..=0x7F => {
                out.push(b);
                return;
            }
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            // A stray continuation byte, C0/C1 (overlong) or F5..FF: never valid here.
            _ => {
                self.dropped += 1;
                return;
            }
        };
        self.pending[0] = b;
        self.len = 1;
        self.need = need;
    }

    /// Drop a sequence still waiting for its continuation bytes.
    pub fn reset(&mut self) {
        self.dropped += self.len;
        self.len = 0;
    }

    /// How many bytes were dropped so far.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The valid UTF-8 of `bytes`, the rest dropped.
    pub fn clean(bytes: &[u8]) -> String {
        let mut f = Utf8Filter::default();
        let mut out = Vec::with_capacity(bytes.len());
        for &b in bytes {
            f.push(b, &mut out);
        }
        String::from_utf8(out).expect("the filter lets only whole UTF-8 characters through")
    }
}

/// Terminal bytes in, console events out. Feed it what the terminal sends with [`Decoder::feed`];
/// when [`Decoder::wait`] says so and nothing more has come in that time, call
/// [`Decoder::timeout`].
pub struct Decoder {
    /// Bytes that may be the start of a paste marker (`ESC [ 2 0 0 ~`), not yet routed.
    held: Vec<u8>,
    /// The paste being received, if one is.
    paste: Option<Vec<u8>>,
    utf8: Utf8Filter,
    /// Clean key bytes for the parser.
    keys: Vec<u8>,
    parser: termina::Parser,
    /// Key bytes went to the parser since the last timeout: an ESC may be waiting.
    dirty: bool,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            held: Vec::with_capacity(PASTE_START.len()),
            paste: None,
            utf8: Utf8Filter::default(),
            keys: Vec::with_capacity(64),
            parser: termina::Parser::default(),
            dirty: false,
        }
    }
}

impl Decoder {
    /// Take bytes from the terminal; the events they complete are appended to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Event>) {
        for &b in bytes {
            if let Some(p) = &mut self.paste {
                if p.len() >= PASTE_MAX_BYTES + PASTE_END.len() {
                    // Past the cap only the last few bytes are kept, to see the end marker.
                    p.remove(PASTE_MAX_BYTES);
                }
                p.push(b);
                if p.ends_with(PASTE_END) {
                    let mut p = self.paste.take().expect("in a paste");
                    p.truncate(p.len() - PASTE_END.len());
                    out.push(Event::Paste(Utf8Filter::clean(&p)));
                }
                continue;
            }
            self.held.push(b);
            if self.held == PASTE_START {
                self.held.clear();
                // Whatever came before the paste is complete (an ESC before it is the Esc key).
                self.parse(false, out);
                self.parser = termina::Parser::default();
                self.utf8.reset();
                self.paste = Some(Vec::new());
                continue;
            }
            while !self.held.is_empty() && !PASTE_START.starts_with(&self.held) {
                let first = self.held.remove(0);
                self.utf8.push(first, &mut self.keys);
            }
        }
        if self.paste.is_none() {
            self.parse(true, out);
        }
    }

    /// How long to wait for more bytes before calling [`Decoder::timeout`]; `None`: no need to.
    pub fn wait(&self) -> Option<Duration> {
        match &self.paste {
            Some(_) => Some(PASTE_IDLE),
            None if self.dirty || !self.held.is_empty() => Some(ESC_WAIT),
            None => None,
        }
    }

    /// Nothing more came in the time [`Decoder::wait`] gave: a lone ESC is the Esc key, an
    /// escape sequence still unfinished is dropped (only itself), a paste whose end marker never
    /// came is handed on as it is.
    pub fn timeout(&mut self, out: &mut Vec<Event>) {
        if let Some(p) = self.paste.take() {
            out.push(Event::Paste(Utf8Filter::clean(&p)));
            return;
        }
        for b in std::mem::take(&mut self.held) {
            self.utf8.push(b, &mut self.keys);
        }
        self.parse(false, out);
        // An escape sequence still unfinished is dropped. A character cut short stays in the
        // filter: its last byte may still come (a slow link), and if a key comes instead only
        // the broken character is dropped.
        self.parser = termina::Parser::default();
    }

    /// How many bytes were dropped as invalid UTF-8 so far.
    pub fn dropped(&self) -> usize {
        self.utf8.dropped()
    }

    fn parse(&mut self, maybe_more: bool, out: &mut Vec<Event>) {
        self.parser.parse(&self.keys, maybe_more);
        self.keys.clear();
        self.dirty = maybe_more;
        while let Some(ev) = self.parser.pop() {
            out.extend(to_crossterm(ev));
        }
    }
}

/// termina's event as the crossterm event the console handles; `None` for what the console does
/// not use (mouse, focus, replies to queries it never sends).
pub fn to_crossterm(ev: termina::Event) -> Option<Event> {
    match ev {
        termina::Event::Key(k) => {
            let code = match k.code {
                t::KeyCode::Char(c) => KeyCode::Char(c),
                t::KeyCode::Enter => KeyCode::Enter,
                t::KeyCode::Backspace => KeyCode::Backspace,
                t::KeyCode::Tab => KeyCode::Tab,
                t::KeyCode::Escape => KeyCode::Esc,
                t::KeyCode::Left => KeyCode::Left,
                t::KeyCode::Right => KeyCode::Right,
                t::KeyCode::Up => KeyCode::Up,
                t::KeyCode::Down => KeyCode::Down,
                t::KeyCode::Home => KeyCode::Home,
                t::KeyCode::End => KeyCode::End,
                t::KeyCode::BackTab => KeyCode::BackTab,
                t::KeyCode::PageUp => KeyCode::PageUp,
                t::KeyCode::PageDown => KeyCode::PageDown,
                t::KeyCode::Insert => KeyCode::Insert,
                t::KeyCode::Delete => KeyCode::Delete,
                t::KeyCode::KeypadBegin => KeyCode::KeypadBegin,
                t::KeyCode::CapsLock => KeyCode::CapsLock,
                t::KeyCode::ScrollLock => KeyCode::ScrollLock,
                t::KeyCode::NumLock => KeyCode::NumLock,
                t::KeyCode::PrintScreen => KeyCode::PrintScreen,
                t::KeyCode::Pause => KeyCode::Pause,
                t::KeyCode::Menu => KeyCode::Menu,
                t::KeyCode::Null => KeyCode::Null,
                t::KeyCode::Function(n) => KeyCode::F(n),
                // Only the kitty keyboard protocol reports these, and the console does not ask
                // for it.
                t::KeyCode::Modifier(_) | t::KeyCode::Media(_) => return None,
            };
            let mut mods = KeyModifiers::NONE;
            for (from, to) in [
                (t::Modifiers::SHIFT, KeyModifiers::SHIFT),
                (t::Modifiers::ALT, KeyModifiers::ALT),
                (t::Modifiers::CONTROL, KeyModifiers::CONTROL),
                (t::Modifiers::SUPER, KeyModifiers::SUPER),
                (t::Modifiers::HYPER, KeyModifiers::HYPER),
                (t::Modifiers::META, KeyModifiers::META),
            ] {
                if k.modifiers.contains(from) {
                    mods |= to;
                }
            }
            let kind = match k.kind {
                t::KeyEventKind::Press => KeyEventKind::Press,
                t::KeyEventKind::Release => KeyEventKind::Release,
                t::KeyEventKind::Repeat => KeyEventKind::Repeat,
            };
            let mut state = KeyEventState::NONE;
            for (from, to) in [
                (t::KeyEventState::KEYPAD, KeyEventState::KEYPAD),
                (t::KeyEventState::CAPS_LOCK, KeyEventState::CAPS_LOCK),
                (t::KeyEventState::NUM_LOCK, KeyEventState::NUM_LOCK),
            ] {
                if k.state.contains(from) {
                    state |= to;
                }
            }
            Some(Event::Key(KeyEvent::new_with_kind_and_state(
                code, mods, kind, state,
            )))
        }
        termina::Event::Paste(s) => Some(Event::Paste(s)),
        termina::Event::FocusIn => Some(Event::FocusGained),
        termina::Event::FocusOut => Some(Event::FocusLost),
        _ => None,
    }
}

/// The terminal the console runs on: stdin if it is one, else `/dev/tty` (as crossterm does,
/// so raw mode, set by crossterm, is on the terminal read here).
struct Tty {
    fd: libc::c_int,
    owned: bool,
}

impl Tty {
    fn open() -> io::Result<Tty> {
        // SAFETY: isatty on fd 0; open with a NUL-terminated path.
        unsafe {
            if libc::isatty(0) == 1 {
                return Ok(Tty {
                    fd: 0,
                    owned: false,
                });
            }
            let fd = libc::open(c"/dev/tty".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(Tty { fd, owned: true })
        }
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: fd was opened by Tty::open and is closed once.
            unsafe { libc::close(self.fd) };
        }
    }
}

/// Start the input thread: it reads the terminal and sends each event to `tx` until the terminal
/// closes (then it sends the error and ends) or `tx`'s receiver is gone.
pub fn spawn(tx: Sender<io::Result<Event>>) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;
    let tty = Tty::open()?;
    // SIGWINCH wakes the thread through a socket pair (the handler only writes a byte).
    let (winch, winch_w) = UnixStream::pair()?;
    winch.set_nonblocking(true)?;
    let winch_id = signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, winch_w)?;
    std::thread::Builder::new()
        .name("aidline-input".into())
        .spawn(move || {
            // When the thread ends, SIGWINCH no longer writes to the socket it read.
            struct Unregister(signal_hook::SigId);
            impl Drop for Unregister {
                fn drop(&mut self) {
                    signal_hook::low_level::unregister(self.0);
                }
            }
            let _unregister = Unregister(winch_id);
            let mut decoder = Decoder::default();
            let mut buf = vec![0u8; 64 * 1024];
            let mut events = Vec::new();
            loop {
                let timeout = decoder
                    .wait()
                    .map_or(-1, |d| d.as_millis().min(i32::MAX as u128) as i32);
                let mut fds = [
                    libc::pollfd {
                        fd: tty.fd,
                        events: libc::POLLIN,
                        revents: 0,
                    },
                    libc::pollfd {
                        fd: winch.as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    },
                ];
                // SAFETY: two valid, initialised pollfds.
                let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, timeout) };
                if n < 0 {
                    let e = io::Error::last_os_error();
                    if e.kind() == io::ErrorKind::Interrupted {
                        continue;
                    }
                    let _ = tx.send(Err(e));
                    return;
                }
                if n == 0 {
                    decoder.timeout(&mut events);
                }
                if fds[1].revents & libc::POLLIN != 0 {
                    let mut sink = [0u8; 64];
                    while let Ok(k) = io::Read::read(&mut &winch, &mut sink) {
                        if k == 0 {
                            break;
                        }
                    }
                    if let Ok((w, h)) = ratatui::crossterm::terminal::size() {
                        events.push(Event::Resize(w, h));
                    }
                }
                if fds[0].revents != 0 {
                    // SAFETY: reading into a buffer of buf.len() bytes that we own.
                    let got = unsafe { libc::read(tty.fd, buf.as_mut_ptr().cast(), buf.len()) };
                    match got {
                        0 => {
                            let _ = tx.send(Err(io::ErrorKind::UnexpectedEof.into()));
                            return;
                        }
                        k if k > 0 => {
                            let before = decoder.dropped();
                            decoder.feed(&buf[..k as usize], &mut events);
                            if decoder.dropped() > before {
                                // A count only: the bytes may be a donor's name.
                                tracing::debug!(
                                    bytes = decoder.dropped() - before,
                                    "invalid UTF-8 from the terminal dropped"
                                );
                            }
                        }
                        _ => {
                            let e = io::Error::last_os_error();
                            if !matches!(
                                e.kind(),
                                io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock
                            ) {
                                let _ = tx.send(Err(e));
                                return;
                            }
                        }
                    }
                }
                for ev in events.drain(..) {
                    if tx.send(Ok(ev)).is_err() {
                        return;
                    }
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use KeyCode as K;

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;
    const ALT: KeyModifiers = KeyModifiers::ALT;
    const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

    /// The events of `bytes` arriving in one read, and then nothing more.
    fn decode(bytes: &[u8]) -> Vec<Event> {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        d.feed(bytes, &mut out);
        d.timeout(&mut out);
        out
    }

    /// The events of `chunks` arriving in separate reads, close together (no timeout between).
    fn decode_chunks(chunks: &[&[u8]]) -> Vec<Event> {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for c in chunks {
            d.feed(c, &mut out);
        }
        d.timeout(&mut out);
        out
    }

    fn key(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, mods))
    }

    fn text(s: &str) -> Vec<Event> {
        s.chars()
            .map(|c| {
                let m = if c.is_uppercase() { SHIFT } else { NONE };
                key(K::Char(c), m)
            })
            .collect()
    }

    /// Every key the default keymap uses, as xterm, gnome-terminal (VTE), tmux (TERM=screen or
    /// tmux-256color), PuTTY (its default «ESC [n~» function keys and its Linux-console mode),
    /// rxvt and the Linux console send it, in normal and in application cursor mode.
    #[test]
    fn every_key_of_the_keymap_as_each_terminal_sends_it() {
        let table: &[(&str, &[u8], KeyCode, KeyModifiers)] = &[
            ("all", b"\r", K::Enter, NONE),
            ("all", b"\t", K::Tab, NONE),
            ("xterm, VTE, tmux, PuTTY", b"\x1b[Z", K::BackTab, SHIFT),
            ("all (default)", b"\x7f", K::Backspace, NONE),
            ("xterm, VTE, tmux, PuTTY", b"\x1b[3~", K::Delete, NONE),
            ("xterm, VTE, tmux, PuTTY: normal", b"\x1b[A", K::Up, NONE),
            ("normal", b"\x1b[B", K::Down, NONE),
            ("normal", b"\x1b[C", K::Right, NONE),
            ("normal", b"\x1b[D", K::Left, NONE),
            ("application cursor mode", b"\x1bOA", K::Up, NONE),
            ("application cursor mode", b"\x1bOB", K::Down, NONE),
            ("application cursor mode", b"\x1bOC", K::Right, NONE),
            ("application cursor mode", b"\x1bOD", K::Left, NONE),
            ("xterm, VTE", b"\x1b[H", K::Home, NONE),
            ("xterm, VTE", b"\x1b[F", K::End, NONE),
            ("xterm, VTE: application", b"\x1bOH", K::Home, NONE),
            ("xterm, VTE: application", b"\x1bOF", K::End, NONE),
            ("tmux, PuTTY, screen", b"\x1b[1~", K::Home, NONE),
            ("tmux, PuTTY, screen", b"\x1b[4~", K::End, NONE),
            ("rxvt", b"\x1b[7~", K::Home, NONE),
            ("rxvt", b"\x1b[8~", K::End, NONE),
            ("all", b"\x1b[5~", K::PageUp, NONE),
            ("all", b"\x1b[6~", K::PageDown, NONE),
            ("xterm, VTE, tmux", b"\x1bOP", K::F(1), NONE),
            ("xterm, VTE, tmux", b"\x1bOQ", K::F(2), NONE),
            ("xterm, VTE, tmux", b"\x1bOR", K::F(3), NONE),
            ("xterm, VTE, tmux", b"\x1bOS", K::F(4), NONE),
            ("PuTTY (ESC [n~), rxvt", b"\x1b[11~", K::F(1), NONE),
            ("PuTTY (ESC [n~), rxvt", b"\x1b[12~", K::F(2), NONE),
            ("PuTTY (ESC [n~), rxvt", b"\x1b[13~", K::F(3), NONE),
            ("PuTTY (ESC [n~), rxvt", b"\x1b[14~", K::F(4), NONE),
            ("PuTTY Linux mode, Linux console", b"\x1b[[A", K::F(1), NONE),
            ("PuTTY Linux mode, Linux console", b"\x1b[[B", K::F(2), NONE),
            ("PuTTY Linux mode, Linux console", b"\x1b[[C", K::F(3), NONE),
            ("PuTTY Linux mode, Linux console", b"\x1b[[D", K::F(4), NONE),
            ("PuTTY Linux mode, Linux console", b"\x1b[[E", K::F(5), NONE),
            ("all", b"\x1b[15~", K::F(5), NONE),
            ("all", b"\x1b[17~", K::F(6), NONE),
            ("all", b"\x1b[18~", K::F(7), NONE),
            ("all", b"\x1b[19~", K::F(8), NONE),
            ("all", b"\x1b[20~", K::F(9), NONE),
            ("all", b"\x1b[21~", K::F(10), NONE),
            ("all", b"\x1b[23~", K::F(11), NONE),
            ("all", b"\x1b[24~", K::F(12), NONE),
            // Ctrl and Alt combinations the keymap and its overrides use.
            ("all", b"\x13", K::Char('s'), CTRL),
            ("all", b"\x11", K::Char('q'), CTRL),
            ("all", b"\x0e", K::Char('n'), CTRL),
            ("all", b"\x04", K::Char('d'), CTRL),
            ("all", b"\x17", K::Char('w'), CTRL),
            ("all", b"\x03", K::Char('c'), CTRL),
            ("all (Ctrl+H, Backspace as ^H)", b"\x08", K::Char('h'), CTRL),
            ("all (Alt sends ESC)", b"\x1bn", K::Char('n'), ALT),
            ("all (Alt sends ESC)", b"\x1bs", K::Char('s'), ALT),
            (
                "Alt on the Ukrainian layout",
                "\x1bт".as_bytes(),
                K::Char('т'),
                ALT,
            ),
            ("xterm, VTE", b"\x1b[1;5A", K::Up, CTRL),
            ("xterm, VTE", b"\x1b[1;3B", K::Down, ALT),
            ("xterm, VTE", b"\x1b[1;2H", K::Home, SHIFT),
            ("xterm, VTE", b"\x1b[5;5~", K::PageUp, CTRL),
            ("xterm, VTE", b"\x1b[3;3~", K::Delete, ALT),
            ("xterm, VTE", b"\x1b[1;2P", K::F(1), SHIFT),
            ("xterm, VTE", b"\x1b[15;5~", K::F(5), CTRL),
            ("xterm, VTE", b"\x1b[21;3~", K::F(10), ALT),
            ("lone ESC", b"\x1b", K::Esc, NONE),
        ];
        for (term, bytes, code, mods) in table {
            assert_eq!(
                decode(bytes),
                vec![key(*code, *mods)],
                "{term}: {bytes:?} should be {code:?} {mods:?}"
            );
        }
    }

    #[test]
    fn ukrainian_text_is_typed_as_it_is_with_shift_on_capitals() {
        let s = "Київ, вул. Ґрунтова 5, Їжак Євгенія ЩОДНЯ ґедзь";
        assert_eq!(decode(s.as_bytes()), text(s));
        // Split between reads inside a two-byte letter, and inside a three-byte «№».
        let bytes = "Ірпінь №7".as_bytes();
        let chunks: Vec<&[u8]> = vec![&bytes[..1], &bytes[1..6], &bytes[6..14], &bytes[14..]];
        assert_eq!(decode_chunks(&chunks), text("Ірпінь №7"));
    }

    #[test]
    fn a_truncated_sequence_loses_only_itself_never_the_next_key() {
        // The case of the issue: half of «е», then «a».
        assert_eq!(decode(b"\xd0a"), text("a"));
        // Half of a letter before each kind of key.
        let cases: &[(&[u8], Event)] = &[
            (b"\xd1\r", key(K::Enter, NONE)),
            (b"\xd0\x1b[A", key(K::Up, NONE)),
            (b"\xd0\x1bOP", key(K::F(1), NONE)),
            (b"\xe2\x84\x1b[11~", key(K::F(1), NONE)),
            (b"\xd0\x7f", key(K::Backspace, NONE)),
            (b"\xd0\x13", key(K::Char('s'), CTRL)),
            // U+00D0 itself is a letter like any other.
            ("\u{d0}".as_bytes(), key(K::Char('Ð'), SHIFT)),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(bytes), vec![want.clone()], "{bytes:?}");
        }
        let mut want = text("Ол");
        want.extend(text("ена"));
        assert_eq!(
            decode_chunks(&["Ол".as_bytes(), b"\xd0", "ена".as_bytes()]),
            want
        );
        // Half of a letter, then a whole one: the whole one stays.
        assert_eq!(decode(b"\xd0\xd1\x97"), text("ї"));
        // A four-byte character cut after three bytes, then text.
        assert_eq!(decode(b"\xf0\x9f\x98x"), text("x"));
    }

    #[test]
    fn bytes_that_are_never_utf8_are_dropped_alone() {
        // Stray continuation bytes, overlong forms, a surrogate, F5..FF, Windows-1251 «Київ».
        let cases: &[(&[u8], &str)] = &[
            (b"\x80a\xbfb", "ab"),
            (b"\xc0\xafa", "a"),
            (b"\xe0\x80\xafa", "a"),
            (b"\xed\xa0\x80a", "a"),
            (b"\xf5\xff\xfeab", "ab"),
            (b"\xca\xe8\xbf\xe2 ok", " ok"),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(bytes), text(want), "{bytes:?}");
        }
        let mut d = Decoder::default();
        d.feed(b"\xf5\xff\xfeab", &mut Vec::new());
        assert_eq!(d.dropped(), 3);
    }

    #[test]
    fn a_character_split_across_a_pause_is_kept_when_its_end_comes() {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        d.feed(b"\xd0", &mut out);
        d.timeout(&mut out);
        d.feed(b"\xb5", &mut out);
        d.timeout(&mut out);
        assert_eq!(out, text("е"));
    }

    #[test]
    fn esc_alone_is_esc_and_esc_then_a_key_at_once_is_alt() {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        d.feed(b"\x1b", &mut out);
        assert!(out.is_empty(), "a lone ESC waits for what may follow");
        assert_eq!(d.wait(), Some(ESC_WAIT));
        d.timeout(&mut out);
        assert_eq!(out, vec![key(K::Esc, NONE)]);
        assert_eq!(d.wait(), None);
        // ESC and its key in two reads, but within the wait: Alt+n.
        assert_eq!(
            decode_chunks(&[b"\x1b", b"n"]),
            vec![key(K::Char('n'), ALT)]
        );
        // An escape sequence split across reads.
        assert_eq!(
            decode_chunks(&[b"\x1b[", b"1", b"5~"]),
            vec![key(K::F(5), NONE)]
        );
        // Esc, the timeout, then n: Esc and n.
        let mut d = Decoder::default();
        let mut out = Vec::new();
        d.feed(b"\x1b", &mut out);
        d.timeout(&mut out);
        d.feed(b"n", &mut out);
        d.timeout(&mut out);
        assert_eq!(out, vec![key(K::Esc, NONE), key(K::Char('n'), NONE)]);
    }

    #[test]
    fn an_escape_sequence_left_unfinished_loses_only_itself() {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        d.feed(b"\x1b[1", &mut out);
        d.timeout(&mut out);
        d.feed(b"a", &mut out);
        d.timeout(&mut out);
        assert_eq!(out, text("a"));
    }

    #[test]
    fn a_bracketed_paste_is_one_event_with_its_text_whole() {
        let body = "Оксана Петрівна\r\nвул. Шевченка, 5\tкв. 3 \x1b[A";
        let bytes = [PASTE_START, body.as_bytes(), PASTE_END].concat();
        assert_eq!(decode(&bytes), vec![Event::Paste(body.into())]);
        // Keys around it, an ESC right before it, and the markers split across reads.
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for c in [
            &b"a\x1b\x1b[2"[..],
            b"00~",
            "Ол".as_bytes(),
            b"\xd0",
            b"\x1b[20",
            b"1~b",
        ] {
            d.feed(c, &mut out);
        }
        d.timeout(&mut out);
        assert_eq!(
            out,
            vec![
                key(K::Char('a'), NONE),
                key(K::Esc, NONE),
                Event::Paste("Ол".into()),
                key(K::Char('b'), NONE),
            ]
        );
    }

    #[test]
    fn a_paste_start_cut_short_loses_only_itself() {
        assert_eq!(
            decode(b"\x1b[20x"),
            Vec::<Event>::new(),
            "a broken escape sequence is dropped, like crossterm did"
        );
        assert_eq!(decode(b"\x1b[2"), Vec::<Event>::new());
        assert_eq!(decode(b"x\x1b[200"), text("x"));
    }

    #[test]
    fn a_paste_whose_end_never_comes_is_handed_on_after_a_pause() {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        d.feed(b"\x1b[200~\xd0\x9a\xd0\xb8\xd1\x97\xd0", &mut out);
        assert!(out.is_empty());
        assert_eq!(d.wait(), Some(PASTE_IDLE));
        d.timeout(&mut out);
        d.feed(b"x", &mut out);
        d.timeout(&mut out);
        assert_eq!(
            out,
            vec![Event::Paste("Киї".into()), key(K::Char('x'), NONE)]
        );
    }

    #[test]
    fn a_megabyte_paste_in_small_reads_arrives_whole() {
        let line = "Оксана Петрівна Коваленко, 095 123 45 67\n";
        let body = line.repeat(1_000_000 / line.len() + 1);
        let bytes = [PASTE_START, body.as_bytes(), PASTE_END, b"z"].concat();
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for c in bytes.chunks(1024) {
            d.feed(c, &mut out);
        }
        d.timeout(&mut out);
        assert_eq!(out, vec![Event::Paste(body), key(K::Char('z'), NONE)]);
    }

    #[test]
    fn a_paste_past_the_cap_keeps_the_cap_and_still_ends() {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        d.feed(PASTE_START, &mut out);
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..(PASTE_MAX_BYTES >> 20) + 2 {
            d.feed(&chunk, &mut out);
        }
        d.feed(PASTE_END, &mut out);
        d.feed(b"q", &mut out);
        d.timeout(&mut out);
        assert_eq!(out.len(), 2);
        match &out[0] {
            Event::Paste(s) => {
                assert!(s.len() >= PASTE_MAX_BYTES && s.len() < PASTE_MAX_BYTES + 8);
                assert!(s.bytes().all(|b| b == b'a'));
            }
            other => panic!("not a paste: {other:?}"),
        }
        assert_eq!(out[1], key(K::Char('q'), NONE));
    }

    #[test]
    fn mouse_and_focus_reports_the_console_never_asked_for_are_not_keys() {
        assert_eq!(decode(b"\x1b[<0;10;5M"), Vec::<Event>::new());
        assert_eq!(decode(b"\x1b[I"), vec![Event::FocusGained]);
    }
}
