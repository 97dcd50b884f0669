//! Runs API calls for the loop (filled in when the client lands).
