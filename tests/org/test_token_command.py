"""zhongshu token create / list / revoke."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhongshu.org.models import ApiToken


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_create_prints_the_key_once_and_it_works(client, people):
    key, note = run("create", "liaison", "--name", "12345 对接", "--days", "30")
    assert key.startswith("zs_") and "只显示这一次" in note
    token = ApiToken.objects.get(user=people["liaison"])
    assert token.name == "12345 对接" and key not in token.key_hash
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    assert client.get("/api/v1/org/me", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_list_and_revoke(client, people):
    key, _ = run("create", "liaison")
    listing, _ = run("list")
    assert key[:8] in listing and "有效" in listing and key not in listing
    out, _ = run("revoke", key[:8])
    assert "已吊销" in out
    assert "已吊销" in run("list", "liaison")[0]
    assert client.get("/api/v1/org/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_unknown_user_is_a_chinese_error(db):
    with pytest.raises(CommandError, match="用户不存在：ghost"):
        run("create", "ghost")
    assert not ApiToken.objects.exists()


def test_bad_days_and_unknown_prefix(people):
    with pytest.raises(CommandError, match="有效天数"):
        run("create", "liaison", "--days", "0")
    with pytest.raises(CommandError, match="没有前缀"):
        run("revoke", "zs_nope")


def test_unknown_user_exits_non_zero_from_the_console(tmp_path):
    import os
    import subprocess
    import sys

    # A throwaway SQLite database in tmp_path, whatever DATABASE_URL the test run uses.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ZHONGSHU_ALLOW_INSECURE_KEY="1", ZHONGSHU_DATA_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-m", "zhongshu", "migrate", "-v", "0"], env=env, check=True,
                   capture_output=True)
    result = subprocess.run([sys.executable, "-m", "zhongshu", "token", "create", "ghost"], env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "用户不存在：ghost" in result.stderr
