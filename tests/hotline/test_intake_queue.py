"""The Open311 受理队列 (ZHONGSHU_OPEN311_QUEUE): the POST checks and answers 202 with a token,
`zhongshu hotline drain` files in batches what intake.receive would file one by one, the token
then gives the number; idempotent retries, bad input refused at the door, a failing request
marked as such while the rest of its batch is filed."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import call_command
from hl_time import at
from test_learning import train_category_model
from test_open311 import V2, post, road

from zhongshu.audit.models import AuditRecord
from zhongshu.clocks import clock_for
from zhongshu.hotline.intake import DISPATCH_KIND
from zhongshu.hotline.models import ApiClient, Category, IntakeRequest, Ticket
from zhongshu.hotline.open311.keys import create_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(hl):
    return create_client("市民通 app")[1]


@pytest.fixture
def queue(settings):
    settings.ZHONGSHU_OPEN311_QUEUE = True


def drain(*args):
    out = io.StringIO()
    call_command("hotline", "drain", "--once", *args, stdout=out)
    return out.getvalue()


def token_row(client, token, status=200):
    r = client.get(f"{V2}/tokens/{token}.json")
    assert r.status_code == status, r.content.decode()[:300]
    return r.json()[0]


def records_of(ticket):
    return list(AuditRecord.objects.filter(object_id=str(ticket.pk), content_type__model="ticket").order_by("seq"))


def test_queued_request_is_answered_with_a_token_then_filed_like_a_direct_one(client, hl, key, settings):
    settings.ZHONGSHU_OPEN311_QUEUE = False
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        direct = Ticket.objects.get(number=post(client, key, **road(hl))[0]["service_request_id"])
    settings.ZHONGSHU_OPEN311_QUEUE = True
    with time_machine.travel(at(2026, 3, 2, 9, 5), tick=False):
        out = post(client, key, status=202, **road(hl, **{"attribute[request_type]": "complaint"}), account_id="u-7")
    row = out[0]
    assert set(row) == {"token", "service_notice", "account_id"} and row["account_id"] == "u-7"
    assert "正在登记" in row["service_notice"]
    assert Ticket.objects.count() == 1  # nothing filed yet
    waiting = token_row(client, row["token"])
    assert waiting["service_request_id"] is None and "稍后" in waiting["service_notice"]

    with time_machine.travel(at(2026, 3, 2, 9, 6), tick=False):
        assert "共 1 件" in drain()
    filed = token_row(client, row["token"])
    t = Ticket.objects.get(number=filed["service_request_id"])
    assert t.retrieval_code in filed["service_notice"]
    # what the direct intake writes, the queue writes: the next number, the request's own moment
    assert int(t.number) == int(direct.number) + 1
    assert t.received_at == at(2026, 3, 2, 9, 5) and t.channel == "api" and t.api_client.name == "市民通 app"
    assert t.request_type == "complaint" and t.caller_name == "张三" and t.caller_phone == "13812345678"
    assert t.sig == Ticket.objects.get(pk=direct.pk).sig and t.place == direct.place
    assert [s.kind for s in t.steps.all()] == ["receive"] == [s.kind for s in direct.steps.all()]
    clock, direct_clock = clock_for(t, DISPATCH_KIND), clock_for(direct, DISPATCH_KIND)
    assert clock.started_at == at(2026, 3, 2, 9, 5) and clock.state == "running"
    assert clock.due_at - clock.started_at == direct_clock.due_at - direct_clock.started_at
    assert clock.next_fire_at - clock.started_at == direct_clock.next_fire_at - direct_clock.started_at
    assert clock.warn_at == direct_clock.warn_at is None  # the dispatch ladder has no yellow window
    assert clock.events.get().kind == "start"
    mine, theirs = records_of(t), records_of(direct)
    assert [(r.action, r.actor_label, r.channel) for r in mine] == [(r.action, r.actor_label, r.channel) for r in theirs] \
        == [("create", "Open311：市民通 app", "api")]
    assert set(mine[0].changes) == set(theirs[0].changes)
    clock_records = AuditRecord.objects.filter(object_id=str(clock.pk), content_type__model="clock")
    assert [(r.action, r.actor_label) for r in clock_records] == [("create", "Open311：市民通 app")]
    # the requests list finds it like any other
    listed = client.get(f"{V2}/requests.json", {"service_request_id": t.number}).json()
    assert listed[0]["service_request_id"] == t.number and listed[0]["status"] == "open"


def test_bad_input_is_refused_at_the_door_and_nothing_is_queued(client, hl, key, queue):
    bad = post(client, key, status=400, **road(hl, phone="12ab", description="", title=""))
    assert any("电话" in e["description"] for e in bad)
    assert post(client, "wrong-key", status=403, **road(hl))[0]["code"] == 403
    assert post(client, key, status=400, **road(hl, service_code="99999"))[0]["description"].startswith("服务代码不存在")
    assert IntakeRequest.objects.count() == 0 and Ticket.objects.count() == 0


def test_a_retry_with_the_same_key_gets_the_same_token_before_and_after_filing(client, hl, key, queue):
    headers = {"Idempotency-Key": "app-req-1"}
    first = post(client, key, status=202, headers=headers, **road(hl))[0]
    again = post(client, key, status=200, headers=headers, **road(hl))[0]
    assert again["token"] == first["token"] and "service_request_id" not in again
    assert IntakeRequest.objects.count() == 1
    drain()
    after = post(client, key, status=200, headers=headers, **road(hl))[0]
    assert after["token"] == first["token"] and after["service_request_id"] == token_row(client, first["token"])[
        "service_request_id"]
    assert Ticket.objects.count() == 1


def test_a_key_used_before_the_queue_was_on_links_to_that_ticket(client, hl, key, settings):
    settings.ZHONGSHU_OPEN311_QUEUE = False
    headers = {"Idempotency-Key": "app-req-9"}
    number = post(client, key, headers=headers, **road(hl))[0]["service_request_id"]
    settings.ZHONGSHU_OPEN311_QUEUE = True
    # the same key reaches the queue (e.g. switched on between a request and its retry)
    token = post(client, key, status=202, headers=headers, **road(hl))[0]["token"]
    drain()
    assert token_row(client, token)["service_request_id"] == number
    assert Ticket.objects.count() == 1


def test_batches_number_consecutively_and_take_the_learned_category(client, hl, key, queue):
    train_category_model(hl)
    # Open311 always names the service, so the category is the one sent; the suggestion is kept beside it
    tokens = [post(client, key, status=202, **road(hl, service_code=str(hl.road.pk),
                                                 description=f"青年路第{i}段井盖破损，车辆经过很危险，请尽快修复。"))[0]["token"]
              for i in range(5)]
    assert "共 5 件" in drain("--batch", "2")
    numbers = [int(token_row(client, t)["service_request_id"]) for t in tokens]
    assert numbers == list(range(numbers[0], numbers[0] + 5))
    tickets = Ticket.objects.filter(number__in=[str(n) for n in numbers])
    assert all(t.suggestion["category"]["label"] == "道路交通" and t.suggestion["category"]["reasons"] for t in tickets)
    assert all(t.category == hl.road for t in tickets)  # the code the system sent is kept


def test_a_request_that_cannot_be_filed_is_marked_and_the_rest_of_its_batch_is_filed(client, hl, key, queue):
    spare = Category.objects.create(name="临时分类", full_name="临时分类", level=1)
    good = post(client, key, status=202, **road(hl))[0]["token"]
    doomed = post(client, key, status=202, **road(hl, service_code=str(spare.pk)))[0]["token"]
    spare.delete()  # gone between the POST and the filing
    drain()
    assert token_row(client, good)["service_request_id"]
    r = client.get(f"{V2}/tokens/{doomed}.json")
    assert r.status_code == 400 and "登记失败" in r.json()[0]["description"]
    assert IntakeRequest.objects.get(token=doomed).state == "failed"
    assert Ticket.objects.count() == 1


def test_the_ordinary_worker_round_drains_the_queue(client, hl, key, queue):
    token = post(client, key, status=202, **road(hl))[0]["token"]
    call_command("worker", "--once", stdout=io.StringIO())
    assert token_row(client, token)["service_request_id"]


def test_unknown_token_is_404(client, hl):
    r = client.get(f"{V2}/tokens/qnothing-here.json")
    assert r.status_code == 404 and r.json()[0]["description"] == "token 不存在"


def test_a_key_disabled_by_another_process_is_refused_once_the_kept_clients_expire(client, hl, key, monkeypatch):
    from zhongshu.hotline.open311 import keys

    post(client, key, **road(hl))  # loads the clients into this process
    ApiClient.objects.update(active=False)  # no signal reaches this process
    post(client, key, **road(hl))  # still kept (at most CLIENT_TTL seconds)
    monkeypatch.setattr(keys.clients, "_ttl", 0.0)
    r = client.post(f"{V2}/requests.json", road(hl, api_key=key))
    assert r.status_code == 403 and "停用" in r.json()[0]["description"]


def test_the_administrators_see_the_queue_read_only(client, hl, key, queue, django_user_model):
    token = post(client, key, status=202, **road(hl))[0]["token"]
    admin = django_user_model.objects.create_superuser("root_q", password="x-Zs-2026!")
    client.force_login(admin)
    page = client.get("/django-admin/hotline/intakerequest/")
    assert page.status_code == 200 and token in page.content.decode() and "待登记" in page.content.decode()
    assert client.get("/django-admin/hotline/intakerequest/add/").status_code == 403


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_drainers_running_together_file_each_request_once_with_consecutive_numbers(hl, key):
    import threading

    from django.db import connection, connections

    from zhongshu.hotline.intake import TicketInput
    from zhongshu.hotline.intake_queue import drain_all, enqueue

    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 没有行锁与 SKIP LOCKED，写事务本就串行")
    system = ApiClient.objects.get(name="市民通 app")
    for i in range(60):
        enqueue(TicketInput(description=f"人民路第{i}段井盖破损，请尽快修复。", category=hl.road, location="人民路"),
                api_client=system, actor="Open311：市民通 app")
    barrier = threading.Barrier(3)
    taken = []

    def drainer():
        try:
            barrier.wait()
            taken.append(drain_all(7))  # small batches, so the drainers interleave
        finally:
            connections.close_all()

    threads = [threading.Thread(target=drainer) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sum(taken) == 60
    assert IntakeRequest.objects.filter(state="filed").count() == 60
    numbers = sorted(int(n) for n in Ticket.objects.values_list("number", flat=True))
    assert numbers == list(range(numbers[0], numbers[0] + 60))
    assert Ticket.objects.count() == len(set(IntakeRequest.objects.values_list("ticket_id", flat=True))) == 60


def test_old_tokens_are_forgotten_but_queued_requests_never(client, hl, key, queue):
    from zhongshu.hotline.intake_queue import prune

    with time_machine.travel(at(2026, 1, 5, 9), tick=False):
        old = post(client, key, status=202, **road(hl))[0]["token"]
        drain()
        waiting = post(client, key, status=202, **road(hl))[0]["token"]  # still queued 40 days later
    with time_machine.travel(at(2026, 2, 14, 9), tick=False):
        fresh = post(client, key, status=202, **road(hl))[0]["token"]
        assert prune() == 1
    assert not IntakeRequest.objects.filter(token=old).exists()
    assert IntakeRequest.objects.filter(token__in=[waiting, fresh]).count() == 2
    assert client.get(f"{V2}/tokens/{old}.json").status_code == 404
    assert Ticket.objects.count() == 1  # the ticket stays, only its temporary token goes



def _queue_some(hl, n, word):
    from zhongshu.hotline.intake import TicketInput
    from zhongshu.hotline.intake_queue import enqueue

    system = ApiClient.objects.get(name="市民通 app")
    for i in range(n):
        enqueue(TicketInput(description=f"{word}第{i}段井盖破损，请尽快修复。", category=hl.road, location=word),
                api_client=system, actor="Open311：市民通 app")


def _pending_pages() -> int:
    """What is still in the search index's pending list (merged by this call)."""
    from django.db import connection

    from zhongshu.hotline.intake_queue import SEARCH_INDEX

    with connection.cursor() as cur:
        cur.execute("SELECT gin_clean_pending_list(%s::regclass)", [SEARCH_INDEX])
        return cur.fetchone()[0]


def _found(word) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM hotline_ticket WHERE search_vec @@ array_to_tsvector(%s)::text::tsquery",
                    [[word[:2]]])
        return cur.fetchone()[0]


def _needs_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：检索索引（GIN）只在 PostgreSQL 上")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_drainer_merges_the_search_index_after_its_commit_and_files_without_it(hl, key, monkeypatch):
    from zhongshu.hotline import intake_queue

    _needs_postgres()
    _queue_some(hl, 5, "建设路")
    assert intake_queue.drain_all() == 5
    assert _pending_pages() == 0  # the drainer merged them after its commit
    assert _found("建设路") == 5
    monkeypatch.setattr(intake_queue, "SEARCH_INDEX", "hotline_no_such_index")  # e.g. not the index's owner
    _queue_some(hl, 3, "解放路")
    assert intake_queue.drain_all() == 3  # filed all the same; the INSERTs merge the list as before
    assert IntakeRequest.objects.filter(state="filed").count() == 8
    monkeypatch.undo()
    assert _found("解放路") == 3


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_drain_command_merges_in_its_own_thread_and_leaves_nothing_pending(hl, key):
    _needs_postgres()
    _queue_some(hl, 12, "胜利路")
    assert "共 12 件" in drain("--batch", "5")
    assert _pending_pages() == 0  # the merger's last request served before the command ended
    assert _found("胜利路") == 12 and IntakeRequest.objects.filter(state="filed").count() == 12


def test_the_merger_waits_for_merge_every_tickets_during_a_burst_and_merges_when_the_queue_is_empty(monkeypatch):
    import threading

    from zhongshu.hotline import intake_queue

    merged = []
    done = threading.Event()

    def fake_merge():
        merged.append(len(merged) + 1)
        done.set()

    monkeypatch.setattr(intake_queue, "_merge_search_entries", fake_merge)

    def served(n):  # the merger thread has made n merges
        while len(merged) < n:
            assert done.wait(5), f"merge {n} not made"
            done.clear()
        return True

    merger = intake_queue.SearchMerger(every=10)
    try:
        merger.request(5, True)
        merger.request(4, True)  # 9 filed, more waiting: no merge yet
        assert not done.wait(0.5) and merged == []
        merger.request(1, True)  # 10: merge
        assert served(1)
        merger.request(3, True)
        assert not done.wait(0.5) and merged == [1]
        merger.request(2, False)  # the queue is empty: merge at once
        assert served(2)
        merger.request(0, False)  # nothing new filed: nothing to merge
        assert not done.wait(0.5) and merged == [1, 2]
        merger.request(4, True)
    finally:
        merger.close()  # the 4 left are merged before the thread ends
    assert merged == [1, 2, 3]


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_the_search_index_pending_list_holds_16_mb():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL")
    with connection.cursor() as cur:
        cur.execute("SELECT reloptions FROM pg_class WHERE relname = 'hotline_ticket_search_gin'")
        assert cur.fetchone()[0] == ["gin_pending_list_limit=16384"]
