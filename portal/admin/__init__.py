"""The CCAS team's back office under /admin: one blueprint, one access rule, one home page.

Each domain keeps its own back-office pages and attaches them to `admin.blueprint.bp`:
accounts (invitations), moderation (review queue, histories, stale listings) and search (the
search log). `create_app` imports those view modules before it registers the blueprint.
"""
