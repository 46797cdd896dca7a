"""Rules across the three fields: the key names its account, and the two IDs must differ."""

from __future__ import annotations

from validator._fields import FieldResult, account_message
from validator.catalogue import Field
from validator.facts import SITE_WHERE


def cross_check(results: dict[Field, FieldResult]) -> None:
    key, account, site = results["api_key"], results["account_id"], results["site_id"]
    owner = key.account or site.account  # a key pasted in the Site ID field still names its account
    # Empty, far too long, an e-mail address or a name: the key says which account it is.
    if owner and (not account.checked or account.id is None):
        told = ("empty", "too-long", "account-is-email", "account-not-id")
        if not account.checked or any(code in told for code, _ in account.findings):
            account.fix = owner
            belongs = f"Your API Key belongs to the account {owner}: that is your Account ID."
            account.findings = [
                (
                    code,
                    account_message(account.not_account[code], belongs)
                    if code in account.not_account
                    else f"{message} {belongs}",
                )
                if code in told
                else (code, message)
                for code, message in account.findings
            ]
    # A damaged Account ID: the key still says which account it is.
    if owner and account.damaged and account.fix != owner and not account.pair:
        account.fix = owner
        why = _mended(account.damaged, owner)
        # The key's account replaces the advice to copy the ID again, or a guess at the damaged one.
        account.findings = [
            (code, f"{account.damage} {why}") if code == "id-malformed" else (code, message)
            for code, message in account.findings
        ]
    moved = account.key or site.key
    if moved and any(code in ("empty", "key-is-id", "key-not-key") for code, _ in key.findings):
        where = "Account ID" if account.key else "Site ID"
        key.findings = [
            (code, message + f" Your API Key is in the {where} field: move it here.") for code, message in key.findings
        ]
        key.fix = moved
    if key.id and key.id in (account.id, site.id):
        which = "Account ID" if key.id == account.id else "Site ID"
        key.findings = [
            (code, message + f" It is the same as the {which} you entered.") if code == "key-is-id" else (code, message)
            for code, message in key.findings
        ]
    if key.account and account.id and account.id != key.account:
        same = (
            " It is the same as the Site ID you entered: the Account ID is a different ID."
            if account.id == site.id
            else ""
        )
        account.add(
            "account-mismatch",
            f"Your API Key belongs to the Wix account {key.account}, but the Account ID is {account.id}.{same} "
            "Use the key's account, or, if this Account ID is the right one, create the key while "
            "signed in to that account.",
        )
        account.fix = key.account
    # Several IDs in one field: the key tells which one is the account, and so, of two, which one is the site.
    if account.pair and key.account in account.pair:
        account.fix = key.account
        _say(account, f"Your API Key belongs to the account {key.account}: that is your Account ID.")
    elif account.pair and account.around:
        _say(account, "Only you know which one is meant: paste it alone.")
    known = key.account or (account.id if not account.pair else None)
    rest = [i for i in site.pair or () if i != known]
    if site.pair and known in site.pair and len(rest) == 1:
        site.fix = rest[0]
        _say(site, f"{known} is your Account ID, so the Site ID is {site.fix}.")
    elif site.pair and site.around:
        _say(site, "Only you know which one is meant: paste it alone.")
    if not site.id:
        return
    if key.account and site.id == key.account:
        if account.id and account.id != key.account:
            site.add(
                "site-is-account",
                f"The Site ID is your Account ID (the account your API Key belongs to), and the Account ID "
                f"field holds another ID, {account.id}: the two look swapped. Put {key.account} in "
                f"Account ID and {account.id} in Site ID.",
            )
            site.fix = account.id
        else:
            site.add(
                "site-is-account",
                f"The Site ID is your Account ID (the account your API Key belongs to). The Site ID is a "
                f"different ID. {SITE_WHERE}",
            )
            site.fix = None
    elif account.id and site.id == account.id and not (key.account and account.id != key.account):
        site.add(
            "site-is-account",
            f"The Site ID is the same as the Account ID. They are two different IDs. {SITE_WHERE}",
        )
        site.fix = None


def _mended(damaged: str, owner: str) -> str:
    """Why the key's account is the Account ID meant, in what is left of it."""
    mine = f"{owner}, the account your API Key belongs to"
    if len(damaged) == len(owner) - 1 and any(owner[:i] + owner[i + 1 :] == damaged for i in range(len(owner))):
        return f"It is {mine}, with one character missing: that is your Account ID."
    if len(damaged) >= 8 and owner.startswith(damaged):
        part = "the first group" if damaged == owner.split("-", maxsplit=1)[0] else "the beginning"
        return f"It is {part} of {mine}: that is your Account ID."
    if len(damaged) == len(owner) + 1 and any(damaged[:i] + damaged[i + 1 :] == owner for i in range(len(damaged))):
        return f"It is {mine}, with one character too many: that is your Account ID."
    if owner in damaged:
        return f"It holds {mine}, with other characters joined to it: that is your Account ID."
    if len(damaged) == len(owner) and sum(a != b for a, b in zip(damaged, owner, strict=True)) == 1:
        return f"It is {mine}, with one character changed: that is your Account ID."
    return f"Your API Key belongs to the account {owner}: that is your Account ID."


def _say(result: FieldResult, sentence: str) -> None:
    """Adds a sentence to the field's last finding (the one about what it holds), once."""
    if result.findings and sentence not in result.findings[-1][1]:
        code, message = result.findings[-1]
        result.findings[-1] = (code, f"{message} {sentence}")
