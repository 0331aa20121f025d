"""Sign-in, sign-out and the admin's endpoints of `touyan serve` with auth (touyan/web/auth.py).

    GET  /login                         the sign-in page (static)
    POST /api/login                     {"name", "password"} → session cookie, {"user", "role", "csrf_token"}
    POST /api/logout                    ends this session
    GET  /api/session                   who is signed in, and the CSRF token the page sends back
    GET  /api/users                     admin: users          POST /api/users  {"name", "role", "password"}
    POST /api/users/{name}/disable      admin: out at once (sessions and tokens deleted)
    POST /api/users/{name}/tokens       admin: a new API token for that user, shown once
    POST /api/ingest                    admin, team mode: {"paths": [...]} on the servers' shared disk → queue

Without auth only /api/session exists (it says so), and everything else here is 404.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

from touyan.web.auth import SESSION_COOKIE, AuthConfig

if TYPE_CHECKING:
    from memory.users import User

STATIC = Path(__file__).parent / "static"
BAD_SIGN_IN = "用户名或密码不对，或账号已停用。"
TOO_MANY_SIGN_INS = "登录尝试过于频繁，请一分钟后再试。"
ADMIN_ONLY = "需要管理员权限。"
NOT_YOURSELF = "不能停用自己的账号（请另一位管理员操作，或用 touyan users disable）。"
TEAM_ONLY = "网页入库只在团队模式下可用（TOUYAN_CATALOG_URL，由 touyan worker 处理）；本机请用 touyan ingest。"


class SignInBody(BaseModel):
    name: str = Field(max_length=200)
    password: str = Field(max_length=1000)


class NewUser(BaseModel):
    name: str = Field(max_length=200)
    role: str = "user"
    password: str = Field(max_length=1000)


class TokenLabel(BaseModel):
    label: str = Field(default="", max_length=80)


class IngestPaths(BaseModel):
    paths: list[str] = Field(min_length=1, max_length=1000)


def _user_json(user: User) -> dict:
    return {"name": user.name, "role": user.role, "disabled": user.disabled, "tokens": user.tokens}


def _admin(request: Request) -> User:
    user = request.state.user
    if not user.is_admin:
        raise HTTPException(403, ADMIN_ONLY)
    return user


def _cookie_path(request: Request) -> str:
    return request.scope.get("root_path") or "/"


def account_routes(auth: AuthConfig | None, postgres_dsn: str | None) -> APIRouter:
    router = APIRouter()

    @router.get("/api/session")
    def session(request: Request) -> dict:
        if auth is None:
            return {"auth": False, "user": None, "role": None, "csrf_token": None}
        user = request.state.user
        return {"auth": True, "user": user.name, "role": user.role, "csrf_token": request.state.csrf}

    if auth is None:
        return router
    users = auth.users

    async def user_errors(call, *args):
        from memory.users import UserError

        try:
            return await asyncio.to_thread(call, *args)
        except UserError as exc:
            raise HTTPException(400, str(exc)) from None

    @router.get("/login", include_in_schema=False)
    def login_page() -> FileResponse:
        return FileResponse(STATIC / "login.html", headers={"Cache-Control": "no-cache"})

    @router.post("/api/login")
    async def login(request: Request, body: SignInBody) -> JSONResponse:
        client = request.client.host if request.client else "-"
        for bucket in (f"sign-in:{body.name.strip().lower()[:64]}", f"sign-in-from:{client}"):
            if await auth.allow(bucket, auth.sign_ins_per_minute) is not None:
                raise HTTPException(429, TOO_MANY_SIGN_INS)
        user = await asyncio.to_thread(users.authenticate, body.name, body.password)
        if user is None:
            raise HTTPException(401, BAD_SIGN_IN)
        signed = await asyncio.to_thread(users.open_session, user, auth.session_s)
        response = JSONResponse({"user": user.name, "role": user.role, "csrf_token": signed.csrf})
        response.set_cookie(SESSION_COOKIE, signed.session_id, max_age=int(auth.session_s), path=_cookie_path(request),
                            httponly=True, samesite="lax", secure=auth.secure_cookie(request.url.scheme))
        return response

    @router.post("/api/logout")
    async def logout(request: Request) -> JSONResponse:
        session_id = request.cookies.get(SESSION_COOKIE)
        if session_id:
            await asyncio.to_thread(users.close_session, session_id)
        response = JSONResponse({"user": None})
        response.delete_cookie(SESSION_COOKIE, path=_cookie_path(request), httponly=True, samesite="lax")
        return response

    @router.get("/api/users")
    async def list_users(request: Request) -> list[dict]:
        _admin(request)
        return [_user_json(u) for u in await asyncio.to_thread(users.list)]

    @router.post("/api/users", status_code=201)
    async def add_user(request: Request, body: NewUser) -> dict:
        _admin(request)
        return _user_json(await user_errors(users.add, body.name, body.role, body.password))

    @router.post("/api/users/{name}/disable")
    async def disable_user(request: Request, name: str) -> dict:
        if _admin(request).name == name.strip().lower():
            raise HTTPException(400, NOT_YOURSELF)
        await user_errors(users.disable, name)
        return {"name": name.strip().lower(), "disabled": True}

    @router.post("/api/users/{name}/tokens", status_code=201)
    async def new_token(request: Request, name: str, body: TokenLabel) -> dict:
        _admin(request)
        return {"name": name.strip().lower(), "token": await user_errors(users.new_token, name, body.label)}

    @router.post("/api/ingest", status_code=202)
    async def ingest(request: Request, body: IngestPaths) -> dict:
        _admin(request)
        if not postgres_dsn:
            raise HTTPException(409, TEAM_ONLY)
        from tools.document_paths import collect_paths
        from touyan.work_queue import enqueue_files

        files, failures = await asyncio.to_thread(collect_paths, [Path(p) for p in body.paths])
        done = await asyncio.to_thread(enqueue_files, postgres_dsn, files) if files else None
        return {"queued": done.added if done else 0, "already_queued": done.already_queued if done else 0,
                "failed": [{"path": str(path), "reason": reason} for path, reason in failures]}

    return router
