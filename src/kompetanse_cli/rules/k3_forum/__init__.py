"""K3xx, the forum: its schemes, frames, members, decisions and the partnerships in it."""
