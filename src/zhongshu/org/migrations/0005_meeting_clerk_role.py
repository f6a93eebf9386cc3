from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_doc_clerk_role'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rolegrant',
            name='role',
            field=models.CharField(choices=[('supervisor', '督查室工作人员'), ('supervision_head', '督查室主任'), ('liaison', '单位联络员'), ('unit_staff', '单位经办人'), ('unit_leader', '单位领导'), ('city_leader', '市领导'), ('hotline_agent', '热线话务员'), ('hotline_dispatcher', '热线派单员'), ('hotline_head', '热线办负责人'), ('doc_clerk', '文秘（公文管理）'), ('meeting_clerk', '会务人员'), ('sysadmin', '系统管理员'), ('secadmin', '安全管理员'), ('auditadmin', '审计管理员')], max_length=30, verbose_name='角色'),
        ),
    ]
