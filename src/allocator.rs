//! The global allocator of the `gazette` command, its bench and its examples: mimalloc, asked the
//! way that costs least.
//!
//! A parse makes many small, short-lived allocations (units, paragraphs, lists of names), and
//! glibc's malloc and free cost about a tenth of the run; mimalloc about a third of that. The
//! `mimalloc` crate sends every allocation through `mi_malloc_aligned` (~48 instructions under
//! callgrind), whose checks and out-of-line path `mi_malloc`'s inlined fast path skips: about 20
//! instructions fewer an allocation, 1.3% of a parse. Nearly every Rust allocation asks for an
//! alignment of 8 or less, which `mi_malloc` always gives (its blocks are whole words,
//! word-aligned), so only wider alignments take the aligned calls.
//!
//! Not part of the library, which keeps `#![forbid(unsafe_code)]` and allocates through whatever
//! allocator its host program sets; binaries include this file with `#[path]`.

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned};
use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The widest alignment `mi_malloc` gives every block, whatever its size: one machine word.
const WORD_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc as the global allocator.
pub struct Mimalloc;

// SAFETY: each method forwards to the mimalloc call of the same contract; `mi_malloc`,
// `mi_zalloc` and `mi_realloc` are used only for alignments of at most a word, which mimalloc
// guarantees for every block it returns, and `mi_free` frees blocks of either kind.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD_ALIGN {
            mi_malloc(layout.size()).cast()
        } else {
            mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD_ALIGN {
            mi_zalloc(layout.size()).cast()
        } else {
            mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi_free(ptr.cast::<c_void>());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD_ALIGN {
            mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    /// Blocks of every small size and alignment come back aligned, zeroed when asked, and keep
    /// their bytes through a realloc.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        // Imported here: binaries built without the test harness (the bench) drop the tests.
        use super::{GlobalAlloc, Layout, Mimalloc};
        let a = Mimalloc;
        for align in [1usize, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1usize, 3, 7, 8, 9, 15, 16, 17, 100, 1000, 70_000] {
                let layout = Layout::from_size_align(size, align).expect("layout");
                // SAFETY: layouts of non-zero size; every block is freed with its layout.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    p.write_bytes(0xA5, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                    assert!((0..size).all(|i| *q.add(i) == 0xA5));
                    a.dealloc(q, Layout::from_size_align(size * 3, align).expect("layout"));
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
