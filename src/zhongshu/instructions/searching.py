"""What the search (zhongshu.search) holds of a 批示: every round's text, its units and reports."""

from __future__ import annotations

from zhongshu import search

from .models import Instruction, Report, Round


def entry_for(inst: Instruction):
    rounds = list(inst.rounds.select_related("lead_unit").prefetch_related("co_units", "reports"))
    units = []
    for r in rounds:
        for u in ([r.lead_unit] if r.lead_unit_id else []) + list(r.co_units.all()):
            if u.name not in units:
                units.append(u.name)
    body = []
    for r in rounds:
        body.append(r.text)
        body += [f"{rep.process} {rep.situation} {rep.suggestions}" for rep in r.reports.all()]
    return search.Entry(title=f"{inst.leader.full_name}批示：{inst.carrier_title}", day=inst.written_on,
                        number=" ".join(filter(None, [inst.number, inst.carrier_ref])), unit_names="、".join(units),
                        body="\n".join(body))


def register() -> None:
    search.register(Instruction, kind="批示", build=entry_for,
                    parts={Round: lambda r: r.instruction_id, Report: lambda rep: rep.round.instruction_id})
