"""`komp init`: commented starting files for a forum, a partnership or a year's report."""
