"""What each role may see. The roles and their permissions (roles), the
small-count suppression algorithm (suppress) and its application to every
table the dashboard shows (rules). Nothing outside this room decides what
is hidden from whom."""
