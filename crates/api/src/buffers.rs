//! Byte buffers kept for reuse: the bodies of large answers and the output built from
//! them (a details answer and its rows are a few hundred KB each, 10,000 alerts about
//! 90 MB of them in all).
//!
//! Memory the allocator has just handed back to the system costs a page fault per 4 KiB
//! the next time it is written; a buffer taken from here has been written before, so
//! filling it again costs only the copy. At most [`KEPT`] buffers are kept, none larger
//! than [`LARGEST`]: what the pool holds stays bounded whatever the answers' sizes.

use std::sync::Mutex;

/// How many buffers are kept at most.
pub const KEPT: usize = 12;
/// The largest capacity kept: a buffer grown past it (a rare huge answer) is freed.
pub const LARGEST: usize = 4 * 1024 * 1024;
/// The smallest capacity kept: smaller buffers cost little to make again.
const SMALLEST: usize = 16 * 1024;
/// New buffers are made in multiples of this.
const STEP: usize = 64 * 1024;

static POOL: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// An empty buffer with room for `capacity` bytes: the smallest kept that is large
/// enough, else a new one.
pub fn take(capacity: usize) -> Vec<u8> {
    let kept = POOL.lock().ok().and_then(|mut pool| {
        let (at, _) = pool
            .iter()
            .enumerate()
            .filter(|(_, b)| b.capacity() >= capacity)
            .min_by_key(|(_, b)| b.capacity())?;
        Some(pool.swap_remove(at))
    });
    // Answers differ in size by a few bytes: a new buffer is made a little larger, so
    // the next answer finds it large enough.
    kept.unwrap_or_else(|| Vec::with_capacity(rounded_up(capacity)))
}

/// `capacity` rounded up to a multiple of [`STEP`], if it is that large (a small
/// answer keeps the room it needs); unchanged if that overflows.
fn rounded_up(capacity: usize) -> usize {
    if capacity < STEP {
        return capacity;
    }
    capacity.checked_next_multiple_of(STEP).unwrap_or(capacity)
}

/// Hands a buffer back for reuse once its bytes are no longer needed (its contents are
/// cleared). A buffer too small or too large, or one more than the pool keeps, is freed.
pub fn give(mut buffer: Vec<u8>) {
    if !(SMALLEST..=LARGEST).contains(&buffer.capacity()) {
        return;
    }
    buffer.clear();
    if let Ok(mut pool) = POOL.lock()
        && pool.len() < KEPT
    {
        pool.push(buffer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The pool is one for the process: each test looks only at buffers of a capacity
    // no other test uses, and at what it can tell from them.

    #[test]
    fn a_buffer_given_back_is_taken_again_empty_with_its_capacity() {
        let mut b = Vec::with_capacity(777_777);
        b.extend_from_slice(b"old bytes");
        let at = b.as_ptr() as usize;
        give(b);
        let again = take(777_000);
        assert!(again.is_empty());
        assert!(again.capacity() >= 777_000);
        // The same allocation, unless a test running beside this one took it first.
        if again.capacity() == 777_777 {
            assert_eq!(again.as_ptr() as usize, at);
        }
    }

    #[test]
    fn the_smallest_buffer_large_enough_is_taken() {
        give(Vec::with_capacity(1_900_003));
        give(Vec::with_capacity(1_800_003));
        let b = take(1_800_002);
        // Another test may have taken either first; never one too small.
        assert!(b.capacity() >= 1_800_002);
        if b.capacity() == 1_900_003 {
            // Taken only when the smaller one was gone.
            assert!(
                POOL.lock()
                    .unwrap()
                    .iter()
                    .all(|k| k.capacity() != 1_800_003)
            );
        }
    }

    #[test]
    fn a_buffer_too_small_for_the_asking_is_not_taken() {
        give(Vec::with_capacity(20_001));
        let b = take(3_000_001);
        assert!(b.capacity() >= 3_000_001);
    }

    #[test]
    fn buffers_outside_the_kept_sizes_are_not_kept() {
        give(Vec::with_capacity(LARGEST + 1));
        give(Vec::with_capacity(SMALLEST - 1));
        let pool = POOL.lock().unwrap();
        assert!(
            pool.iter()
                .all(|b| (SMALLEST..=LARGEST).contains(&b.capacity()))
        );
        assert!(pool.len() <= KEPT);
    }

    #[test]
    fn new_buffers_are_rounded_up_only_when_large() {
        assert_eq!(rounded_up(2_000), 2_000);
        assert_eq!(rounded_up(STEP), STEP);
        assert_eq!(rounded_up(STEP + 1), 2 * STEP);
        assert_eq!(rounded_up(430_123), 7 * STEP);
        assert_eq!(rounded_up(usize::MAX), usize::MAX);
    }

    #[test]
    fn the_pool_keeps_no_more_than_its_bound() {
        for _ in 0..KEPT * 2 {
            give(Vec::with_capacity(SMALLEST + 5));
        }
        assert!(POOL.lock().unwrap().len() <= KEPT);
    }
}
