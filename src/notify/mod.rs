//! Sending notifications out of the service. `push`: Web Push to the
//! browsers users subscribed.

pub mod push;
