//! Unit tests of the desk: keys, prompts, answers, the phone-view row.
