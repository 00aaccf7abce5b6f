"""Demo seeding at scale: bulk clients by COPY / executemany, seeders that query in bounded
batches (never a whole register into the session), a second run that changes nothing."""
from __future__ import annotations

from sqlalchemy import delete, func, select, text

from app.clients import seed as client_seed
from app.clients.models import Client
from app.extensions import db
from app.matching import seed as matching_seed
from app.matching.models import Match
from app.matching.models_followup import FollowUp
from seeds.demo import PROFILES, seed_org
from tests.factories import make_client


def _people():
    return seed_org(PROFILES["matchmaking"])


def _drop_generated(first_no: str) -> None:
    db.session.execute(delete(Client).where(Client.client_no >= first_no,
                                            Client.client_no.like("G%")))
    db.session.commit()


def test_generated_clients_continue_the_numbering(db_session):
    people = _people()
    before = db_session.scalar(select(func.count(Client.id)))
    last = db_session.scalar(select(func.max(Client.client_no)).where(
        Client.client_no.like("G%")))
    start = int(last[1:]) + 1 if last else 1
    try:
        assert client_seed.seed_generated(300, people) == 300
        assert client_seed.seed_generated(200, people) == 200
        nos = db_session.scalars(select(Client.client_no).where(
            Client.client_no >= f"G{start:08d}", Client.client_no.like("G%"))
            .order_by(Client.client_no)).all()
        assert nos[0] == f"G{start:08d}" and nos[-1] == f"G{start + 499:08d}"
        assert len(nos) == 500
        assert db_session.scalar(select(func.count(Client.id))) == before + 500
        # Generated clients obey the model's rules, as the form does.
        for c in db_session.scalars(select(Client).where(
                Client.client_no >= f"G{start:08d}", Client.client_no.like("G%")).limit(50)):
            c.validate()
    finally:
        _drop_generated(f"G{start:08d}")


def test_bulk_load_rebuilds_the_same_indexes(db_session, is_postgres):
    """A large COPY drops the secondary indexes and rebuilds each from its definition."""
    if not is_postgres:
        return
    sql = text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'client' "
               "ORDER BY indexname")
    before = db_session.execute(sql).all()
    people = _people()
    last = db_session.scalar(select(func.max(Client.client_no)).where(
        Client.client_no.like("G%")))
    start = int(last[1:]) + 1 if last else 1
    depts = [(people["th_mm1"].department_id, [people["th_mm1"].id])]
    try:
        db_session.commit()
        client_seed._copy(client_seed._generated_rows(1_000, start, depts, seed=1), 1_000,
                          rebuild_indexes=True)
        db_session.expire_all()
        assert db_session.execute(sql).all() == before
        assert len(before) > 5
        added = db_session.scalar(select(func.count(Client.id)).where(
            Client.client_no >= f"G{start:08d}", Client.client_no.like("G%")))
        assert added == 1_000
    finally:
        _drop_generated(f"G{start:08d}")


def test_matching_seed_reads_demo_clients_in_a_bounded_batch(db_session):
    people = _people()
    # Clients that are not the demo set (real or generated) are never loaded nor paired.
    extra = [make_client(matchmaker="th_mm1", gender=g, commit=False) for g in "FMFM"]
    db_session.commit()
    loaded = matching_seed._clients_of(people["th_mm1"])
    # (Earlier tests may have paused some demo clients: only what is loaded is checked.)
    assert all(c.client_no.startswith("DEMO-") for c in loaded)
    assert not {c.id for c in extra} & {c.id for c in loaded}
    assert len(loaded) <= matching_seed.CLIENTS_PER_MATCHMAKER
    matches = db_session.scalar(select(func.count(Match.id)))
    followups = db_session.scalar(select(func.count(FollowUp.id)))
    lines = matching_seed.seed(people=people)
    # Nothing new: either every demo pair exists, or earlier tests paused the demo clients.
    assert lines[0].startswith("matching: ") and ("0 matches, 0 follow-ups, 0 events" in
                                                  lines[0] or "nothing seeded" in lines[0])
    assert db_session.scalar(select(func.count(Match.id))) == matches
    assert db_session.scalar(select(func.count(FollowUp.id))) == followups
    ids = [c.id for c in extra]
    assert not db_session.scalar(select(func.count(Match.id)).where(
        Match.client_id.in_(ids) | Match.candidate_id.in_(ids)))


def test_progress_bar_is_quiet_off_a_terminal(monkeypatch):
    with client_seed.progress(10, "clients") as bar:  # pytest captures: not a TTY
        assert bar.disable
    monkeypatch.setenv("CI", "1")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    with client_seed.progress(10, "clients") as bar:
        assert bar.disable


def test_seed_demo_clients_is_a_total_not_an_increment(db_session):
    """``seed demo --clients N`` twice generates N clients once (DESIGN: the seed is
    idempotent); a larger N adds only the difference."""
    people = _people()
    have = client_seed.generated_so_far()
    first = f"G{have + 1:08d}"
    try:
        assert client_seed.ensure_generated(have + 120, people) == 120
        assert client_seed.ensure_generated(have + 120, people) == 0
        assert client_seed.ensure_generated(have + 150, people) == 30
        assert client_seed.ensure_generated(10, people) == 0
        assert client_seed.generated_so_far() == have + 150
    finally:
        _drop_generated(first)
