"""The relaunch diagnostic: self-assessment, action plan and its PDF, requests to the chamber and their follow-up."""
