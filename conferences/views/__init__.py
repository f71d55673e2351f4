"""Pages of the conferences app: activities, diaries, actions and CSI approvals."""
