"""Customer service (客服): complaints with SLA, return visits, surveys, client care."""
