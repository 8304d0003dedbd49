//! The HTTP side: the web pages (more areas merge in with the service).

pub mod web;
