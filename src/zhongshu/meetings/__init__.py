"""会议 (办会): 议题 intake with the gate answers, 常务会议/专题会议/办公会议 with notice, 回执 and sign-in,
the 纪要 drafted here and issued as a 纪要-format paper, each 议定事项 made a 督办 matter in one step
(zhongshu.supervision.register_from), and the 传达 of the meeting spirit by every unit named, against
the 24-hour and 2-working-day clocks (seed 003). transitions.py moves everything; permissions.py says
who may.
"""
