//! What listingcheck works out from evaluated reports: standard B against standard A
//! ([`compare`]), two standards rule by rule without data ([`standards_diff`]), one threshold swept
//! along a range ([`sweep`]), two runs ([`rundiff`]), the daily fetch–check–diff job ([`run`]),
//! and which listed assets lack their disclosure ([`coverage`]).
//!
//! Each analysis is a pure function over reports, standards and snapshots; rendering is the
//! report module's.

pub mod compare;
pub mod coverage;
pub mod run;
pub mod rundiff;
pub mod standards_diff;
pub mod sweep;
pub mod verify;
