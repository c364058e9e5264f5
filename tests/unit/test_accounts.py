"""账号管理 rules: never lock the bureau out."""
import pytest

from sti_desk.domain.accounts import check_account_change
from sti_desk.domain.errors import ValidationError
from sti_desk.domain.permissions import Role


def change(**kw):
    base = dict(acting_user_id=1, target_id=2, target_role=Role.CLERK, target_active=True, new_role=Role.CLERK,
                new_active=True, active_admin_ids={1}, expert_id=None)
    base.update(kw)
    check_account_change(**base)


def test_ordinary_changes_pass():
    change(new_role=Role.MANAGER)
    change(new_active=False)
    change(target_role=Role.ADMIN, new_role=Role.CLERK, active_admin_ids={1, 2})
    change(new_role=Role.REVIEWER, expert_id=7)


def test_not_yourself():
    with pytest.raises(ValidationError, match="不能停用或降低自己的账号"):
        change(target_id=1, target_role=Role.ADMIN, new_role=Role.CLERK, active_admin_ids={1, 2})
    with pytest.raises(ValidationError, match="不能停用或降低自己的账号"):
        change(target_id=1, target_role=Role.ADMIN, new_role=Role.ADMIN, new_active=False, active_admin_ids={1, 2})


def test_never_the_last_active_admin():
    with pytest.raises(ValidationError, match="最后一个启用的管理员"):
        change(acting_user_id=9, target_id=2, target_role=Role.ADMIN, new_role=Role.MANAGER, active_admin_ids={2})
    with pytest.raises(ValidationError, match="最后一个启用的管理员"):
        change(acting_user_id=9, target_id=2, target_role=Role.ADMIN, new_role=Role.ADMIN, new_active=False,
               active_admin_ids={2})
    # a disabled admin may be demoted: it is not the one keeping the bureau in
    change(target_id=2, target_role=Role.ADMIN, target_active=False, new_role=Role.CLERK, new_active=False,
           active_admin_ids={1})


def test_reviewer_accounts_belong_to_an_expert():
    with pytest.raises(ValidationError, match="须关联专家库"):
        change(new_role=Role.REVIEWER)
    with pytest.raises(ValidationError, match="不能关联专家"):
        change(new_role=Role.MANAGER, expert_id=7)
