"""Machine-readable pages: sitemap.xml, robots.txt, and schema.org JSON-LD for partners."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for
from sqlalchemy import select

from portal.directory import presenters, queries
from portal.directory.models import Need, Partner, SubNeed
from portal.extensions import db
from portal.workshops.models import Workshop
from portal.workshops.queries import visible_workshops

bp = Blueprint("seo", __name__)

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The most specific schema.org type for each kind of partner; all are Organizations, and
# the Place types carry the opening hours.
SCHEMA_TYPES = {
    "ccas": "GovernmentOffice",
    "mairie-de-quartier": "GovernmentOffice",
    "france-services": "GovernmentOffice",
    "service-public": "GovernmentOffice",
    "mission-locale": "GovernmentOffice",
    "centre-de-sante": "MedicalClinic",
    "mediatheque": "Library",
}


def partner_jsonld(partner: Partner) -> dict:
    """schema.org description of a partner, its address, hours and services."""
    kind = SCHEMA_TYPES.get(partner.kind, ["NGO", "Place"])
    data: dict = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": partner.name,
        "url": url_for("directory.partner", slug=partner.slug, _external=True),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(x for x in (partner.address, partner.address_extra) if x),
            "postalCode": partner.postcode,
            "addressLocality": partner.city,
            "addressCountry": "FR",
        },
    }
    if partner.presentation:
        data["description"] = partner.presentation
    if partner.latitude is not None and partner.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": partner.latitude,
                       "longitude": partner.longitude}
    if partner.phone:
        data["telephone"] = partner.phone
    if partner.email:
        data["email"] = partner.email
    if partner.website:
        data["sameAs"] = partner.website
    data["openingHoursSpecification"] = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAYS[slot.weekday]}",
            "opens": slot.opens.strftime("%H:%M"),
            "closes": slot.closes.strftime("%H:%M"),
        }
        for slot in partner.slots
    ] + [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": c.start_date.isoformat(),
            "validThrough": c.end_date.isoformat(),
            "opens": "00:00",
            "closes": "00:00",
        }
        for c in partner.closures
    ]
    data["makesOffer"] = [
        {
            "@type": "Offer",
            "itemOffered": {
                "@type": "Service",
                "name": service.name,
                "category": [f"{sub.need.slug} / {sub.label}" for sub in service.subneeds],
                **({"description": service.description} if service.description else {}),
            },
            **({"price": "0", "priceCurrency": "EUR"} if service.is_free else {}),
        }
        for service in partner.live_services
    ]
    return data


@bp.get("/robots.txt")
def robots() -> Response:
    """Let every crawler in, and point it to the sitemap."""
    body = "User-agent: *\nAllow: /\nSitemap: {}\n".format(url_for("seo.sitemap", _external=True))
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Every public page: home, needs, sub-needs, quartiers, A–Z letters, partners, workshops."""
    urls = [url_for("directory.home", _external=True),
            url_for("directory.quartiers", _external=True),
            url_for("directory.partners_az", _external=True)]
    needs = db.session.scalars(queries.needs_in_order()).all()
    urls += [url_for("directory.need", slug=n.slug, _external=True) for n in needs]
    subneeds = db.session.execute(
        select(Need.slug, SubNeed.slug).join(SubNeed.need).order_by(Need.position, SubNeed.position)
    ).all()
    urls += [url_for("directory.subneed", need_slug=n, slug=s, _external=True) for n, s in subneeds]
    quartiers = db.session.scalars(queries.quartiers_by_name()).all()
    urls += [url_for("directory.quartier", slug=q.slug, _external=True) for q in quartiers]
    names = db.session.execute(queries.published_partner_names()).all()
    letters = sorted({presenters.initial(name) for name, _slug, _q in names})
    urls += [url_for("directory.partners_az", lettre=letter, _external=True) for letter in letters]
    partners = db.session.execute(queries.published_partner_dates()).all()
    urls += [url_for("workshops.workshops", _external=True), url_for("workshops.planning", _external=True),
             url_for("diagnostic.start", _external=True), url_for("diagnostic.start_easy", _external=True)]
    workshops = db.session.execute(visible_workshops().with_only_columns(
        Workshop.slug, Workshop.updated_at).order_by(Workshop.slug)).all()
    entries = [(u, None) for u in urls] + [
        (url_for("directory.partner", slug=slug, _external=True), updated)
        for slug, updated in partners
    ] + [(url_for("workshops.workshop", slug=slug, _external=True), updated) for slug, updated in workshops]
    xml = render_template("sitemap.xml", entries=entries)
    return Response(xml, mimetype="application/xml")
