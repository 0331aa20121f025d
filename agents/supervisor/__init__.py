"""The supervisor: each chat turn guarded, routed to an agent (offline rules or the model) and answered.

models.py     one typed tool-call schema per agent, the typed results (ChatArtifacts) they leave
state.py      the thread's messages, artifacts and the turn's router
nodes.py      guard, rules_router, route_model, run_tools, answer (checked), answer_offline
route.py      the model's RouteDecision (a forced structured choice) → one typed tool call
verify.py     a chat answer checked against the tool results; what fails is marked 未核验
graph.py      the wiring (`builder`, `graph`)
router.py     the offline rule router: a message → one typed tool call
executors.py  which code answers each tool call (library tools here, agents through their chat.py)
render.py     how chat answers cite a page
session.py    one chat session: streamed turns, history, export (CLI and web)
profile.py    long-term memory: watchlist and preferred brokers in the LangGraph store
"""
