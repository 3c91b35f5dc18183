"""Brugere: the administrator adds users, closes and opens access, resets passwords, changes
roles. Every change is a new version of the user and an entry in the audit log."""

import pandas as pd
import streamlit as st

from monitor import auth
from monitor import followup_view as view
from monitor.web import connection, demo_banner, page_user

user = page_user("manage_users")
conn = connection()
demo_banner()
st.title("Brugere")
st.caption(" · ".join(f"**{r}**: {t}" for r, t in auth.ROLE_DESCRIPTIONS.items()))


def _apply(action, *args, done: str) -> None:
    """Run a user change as the logged-in administrator; the function checks the role too."""
    try:
        action(conn, user, *args)
    except auth.AuthError as exc:
        st.error(str(exc))
    else:
        st.session_state["users_flash"] = done
        st.rerun()


found = auth.users(conn)
table = pd.DataFrame(
    [
        {
            "Bruger": u.username,
            "Rolle": u.role,
            "Adgang": "aktiv" if u.active else "lukket",
            "Oprettet": f"{view.when_text(u.created_at)} af {u.created_by}",
            "Senest ændret": f"{view.when_text(u.changed_at)} af {u.changed_by}",
        }
        for u in sorted(found.values(), key=lambda u: (auth.ROLES.index(u.role), u.username))
    ]
)
st.dataframe(table, hide_index=True, width="stretch", key="users_table")
if flash := st.session_state.pop("users_flash", None):
    st.success(flash)

add_tab, change_tab, history_tab = st.tabs(["Opret bruger", "Ret bruger", "Historik"])
with add_tab, st.form("user_add_form", border=False):
    name = st.text_input("Brugernavn", key="new_user_name")
    role = st.selectbox("Rolle", auth.ROLES, key="new_user_role")
    password = st.text_input(
        "Første adgangskode",
        type="password",
        key="new_user_password",
        help=f"Mindst {auth.MIN_PASSWORD_LENGTH} tegn; giv den til brugeren ad en sikker vej.",
    )
    if st.form_submit_button("Opret", type="primary", key="new_user_submit"):
        _apply(auth.add_user, name, role, password, done=f"{name} er oprettet som {role}.")

with change_tab:
    names = sorted(found)
    chosen = st.selectbox("Bruger", names, key="edit_user")
    current = found[chosen]
    st.caption(
        f"{chosen} er {current.role} og har {'aktiv' if current.active else 'lukket'} adgang."
    )
    role_col, access_col = st.columns(2)
    new_role = role_col.selectbox(
        "Ny rolle", auth.ROLES, index=auth.ROLES.index(current.role), key="edit_role"
    )
    if role_col.button("Skift rolle", key="edit_role_submit"):
        _apply(auth.set_role, chosen, new_role, done=f"{chosen} er nu {new_role}.")
    if current.active:
        if access_col.button("Luk adgangen", key="edit_deactivate", icon=":material/block:"):
            _apply(auth.deactivate_user, chosen, done=f"Adgangen er lukket for {chosen}.")
    elif access_col.button("Åbn adgangen igen", key="edit_activate"):
        _apply(auth.activate_user, chosen, done=f"Adgangen er åbnet igen for {chosen}.")
    new_password = st.text_input("Ny adgangskode", type="password", key="edit_password")
    if st.button("Nulstil adgangskoden", key="edit_password_submit"):
        _apply(auth.set_password, chosen, new_password, done=f"Ny adgangskode sat for {chosen}.")

with history_tab:
    history = auth.user_history(conn)
    st.dataframe(
        pd.DataFrame(
            {
                "Bruger": history["username"],
                "Version": history["version_no"],
                "Ændring": history["change"],
                "Rolle": history["role"],
                "Adgang": ["aktiv" if a else "lukket" for a in history["active"]],
                "Af": history["author"],
                "Tidspunkt": [view.when_text(t) for t in history["created_at"]],
            }
        ),
        hide_index=True,
        width="stretch",
        key="users_history",
    )
