"""One data function per kind of page. Each builds what its page shows once; the blueprints
(webapp.pages for HTML, webapp.api for JSON) only render it."""
