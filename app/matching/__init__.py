"""Matching (匹配): matches, meetings (約見), follow-ups (回訪), events (相親會) and figures."""
