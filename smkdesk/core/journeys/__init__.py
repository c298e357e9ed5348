"""Buyer-journey templates and workshops, and the content coverage they show."""
