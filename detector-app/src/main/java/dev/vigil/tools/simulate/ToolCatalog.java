package dev.vigil.tools.simulate;

import dev.vigil.events.IdentityType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The systems of the simulated company. Names follow what real audit pipelines emit (GitHub audit
 * log, CloudTrail, Vault, Kubernetes audit, MCP {@code tools/call}); cloud tools share an audience
 * family ({@code aws} covers {@code aws:s3}), as STS-minted tokens do.
 */
final class ToolCatalog {

  private static final Map<String, Tool> TOOLS = new LinkedHashMap<>();

  static {
    tool(
        "github",
        "github",
        List.of("corp/api", "corp/web", "corp/infra", "corp/payments", "corp/ml-platform"),
        op("repo.read", "repo:read"),
        op("repo.push", "repo:write"),
        op("pr.create", "repo:write"),
        op("actions.dispatch", "workflow:write"),
        admin("org.member.add", "admin:org"),
        admin("repo.delete", "delete_repo"),
        admin("org.secrets.update", "admin:org_secrets"));
    tool(
        "jira",
        "jira",
        List.of("OPS", "PAY", "SEC", "PLAT"),
        op("issue.read", "read:jira-work"),
        op("issue.create", "write:jira-work"),
        op("issue.transition", "write:jira-work"),
        admin("project.configure", "manage:jira-configuration"));
    tool(
        "confluence",
        "confluence",
        List.of("ENG", "RUNBOOKS", "HR"),
        op("page.read", "read:confluence-content"),
        op("page.update", "write:confluence-content"));
    tool(
        "slack",
        "slack",
        List.of("#deploys", "#alerts", "#support", "#ops"),
        op("chat.postMessage", "chat:write"),
        op("conversations.history", "channels:history"),
        admin("admin.users.invite", "admin.users:write"));
    tool(
        "aws:s3",
        "aws",
        List.of("corp-logs", "corp-data-lake", "corp-artifacts", "corp-backups", "corp-exports"),
        op("s3:GetObject", "s3:GetObject"),
        op("s3:PutObject", "s3:PutObject"),
        op("s3:ListBucket", "s3:ListBucket"),
        admin("s3:PutBucketPolicy", "s3:PutBucketPolicy"),
        admin("s3:DeleteBucket", "s3:*"));
    tool(
        "aws:iam",
        "aws",
        List.of("role/app", "role/deployer", "user/ops"),
        op("iam:GetRole", "iam:GetRole"),
        op("iam:ListRoles", "iam:ListRoles"),
        priv("iam:PassRole", "iam:PassRole"),
        admin("iam:CreateAccessKey", "iam:CreateAccessKey"),
        admin("iam:AttachRolePolicy", "iam:AttachRolePolicy"));
    tool(
        "aws:ec2",
        "aws",
        List.of("vpc-prod", "vpc-staging"),
        op("ec2:DescribeInstances", "ec2:DescribeInstances"),
        priv("ec2:RunInstances", "ec2:RunInstances"),
        admin("ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupIngress"));
    tool(
        "aws:lambda",
        "aws",
        List.of("fn/resize", "fn/notify", "fn/etl"),
        op("lambda:InvokeFunction", "lambda:InvokeFunction"),
        priv("lambda:UpdateFunctionCode", "lambda:UpdateFunctionCode"));
    tool(
        "aws:kms",
        "aws",
        List.of("key/app", "key/backups"),
        op("kms:Decrypt", "kms:Decrypt"),
        op("kms:GenerateDataKey", "kms:GenerateDataKey"),
        admin("kms:ScheduleKeyDeletion", "kms:ScheduleKeyDeletion"));
    tool(
        "aws:dynamodb",
        "aws",
        List.of("table/sessions", "table/carts", "table/features"),
        op("dynamodb:GetItem", "dynamodb:GetItem"),
        op("dynamodb:PutItem", "dynamodb:PutItem"),
        op("dynamodb:Query", "dynamodb:Query"));
    tool(
        "vault",
        "vault",
        List.of("kv/app", "kv/ci", "database/creds/orders", "pki/issue"),
        op("secrets.read", "secrets:read"),
        op("secrets.list", "secrets:list"),
        priv("secrets.write", "secrets:write"),
        admin("sys.policy.write", "sys:policy-write"),
        admin("auth.token.create", "auth:token-create"));
    tool(
        "kubernetes",
        "kubernetes",
        List.of("ns/payments", "ns/search", "ns/checkout", "ns/platform"),
        op("pods.list", "k8s:view"),
        op("pods.logs", "k8s:view"),
        priv("deployments.patch", "k8s:edit"),
        priv("secrets.get", "k8s:secrets-read"),
        admin("clusterrolebindings.create", "k8s:cluster-admin"));
    tool(
        "artifactory",
        "artifactory",
        List.of("libs-release", "docker-prod", "npm-remote"),
        op("artifact.read", "artifact:read"),
        priv("artifact.deploy", "artifact:deploy"),
        admin("repository.delete", "artifact:admin"));
    tool(
        "postgres:orders",
        "postgres:orders",
        List.of("public.orders", "public.payments", "public.customers"),
        op("db.select", "db:read"),
        op("db.insert", "db:write"),
        op("db.update", "db:write"),
        admin("db.grant", "db:admin"));
    tool(
        "snowflake",
        "snowflake",
        List.of("ANALYTICS.PUBLIC", "RAW.EVENTS"),
        op("query.select", "warehouse:usage"),
        admin("role.grant", "securityadmin"));
    tool(
        "datadog",
        "datadog",
        List.of("metrics", "logs", "monitors"),
        op("metrics.submit", "metrics:write"),
        op("logs.query", "logs:read"),
        op("monitors.update", "monitors:write"));
    tool(
        "okta",
        "okta",
        List.of("users", "groups", "apps"),
        op("users.read", "okta.users.read"),
        admin("users.create", "okta.users.manage"),
        admin("apps.update", "okta.apps.manage"));
    tool(
        "pagerduty",
        "pagerduty",
        List.of("svc/payments", "svc/platform"),
        op("incidents.read", "incidents:read"),
        op("incidents.create", "incidents:write"));
    tool(
        "stripe",
        "stripe",
        List.of("charges", "customers", "refunds"),
        op("charges.read", "charges:read"),
        op("customers.read", "customers:read"),
        priv("refunds.create", "refunds:write"));
    tool(
        "salesforce",
        "salesforce",
        List.of("Account", "Opportunity", "Case"),
        op("records.query", "api"),
        op("records.update", "api"),
        admin("users.manage", "manage_users"));
    tool(
        "gcp:bigquery",
        "gcp",
        List.of("analytics.events", "finance.ledger"),
        op("bigquery.jobs.create", "bigquery.jobs.create"),
        op("bigquery.tables.getData", "bigquery.tables.getData"),
        admin("bigquery.datasets.setIamPolicy", "bigquery.datasets.setIamPolicy"));
    tool(
        "gcp:storage",
        "gcp",
        List.of("gs://corp-ml", "gs://corp-exports"),
        op("storage.objects.get", "storage.objects.get"),
        op("storage.objects.create", "storage.objects.create"));
    mcp(
        "mcp:filesystem",
        call("read_file", "fs:read"),
        call("list_directory", "fs:read"),
        call("write_file", "fs:write"),
        adminCall("delete_tree", "fs:admin"));
    mcp(
        "mcp:github",
        call("search_code", "repo:read"),
        call("get_file_contents", "repo:read"),
        call("create_pull_request", "repo:write"),
        adminCall("merge_pull_request", "repo:admin"));
    mcp("mcp:postgres", call("query", "db:read"), adminCall("execute", "db:admin"));
    mcp("mcp:slack", call("post_message", "chat:write"), call("search_messages", "search:read"));
    mcp("mcp:browser", call("navigate", "web:browse"), call("get_page_text", "web:browse"));
    mcp(
        "mcp:jira",
        call("search_issues", "read:jira-work"),
        call("create_issue", "write:jira-work"));
    mcp("mcp:search", call("web_search", "search:web"));
    mcp("mcp:memory", call("store", "memory:write"), call("recall", "memory:read"));
    mcp(
        "mcp:shell",
        privCall("run_command", "shell:exec"),
        adminCall("sudo_command", "shell:root"));
    mcp(
        "mcp:vault",
        privCall("read_secret", "secrets:read"),
        adminCall("write_policy", "sys:policy-write"));
  }

  private static final Map<IdentityType, List<String>> POOLS =
      Map.of(
          IdentityType.WORKLOAD,
              List.of(
                  "aws:s3",
                  "aws:dynamodb",
                  "aws:kms",
                  "vault",
                  "postgres:orders",
                  "kubernetes",
                  "datadog",
                  "stripe",
                  "gcp:storage",
                  "aws:lambda"),
          IdentityType.SERVICE_ACCOUNT,
              List.of(
                  "aws:s3",
                  "aws:iam",
                  "aws:ec2",
                  "jira",
                  "slack",
                  "snowflake",
                  "gcp:bigquery",
                  "okta",
                  "salesforce",
                  "vault",
                  "datadog",
                  "pagerduty",
                  "postgres:orders"),
          IdentityType.CI_PIPELINE,
              List.of(
                  "github",
                  "artifactory",
                  "kubernetes",
                  "aws:s3",
                  "vault",
                  "aws:lambda",
                  "slack",
                  "aws:iam"),
          IdentityType.AI_AGENT,
              List.of(
                  "mcp:filesystem",
                  "mcp:github",
                  "mcp:postgres",
                  "mcp:slack",
                  "mcp:browser",
                  "mcp:jira",
                  "mcp:search",
                  "mcp:memory",
                  "mcp:shell",
                  "mcp:vault"),
          IdentityType.API_CLIENT, List.of("stripe", "salesforce", "jira", "slack", "pagerduty"),
          IdentityType.HUMAN,
              List.of(
                  "github",
                  "jira",
                  "confluence",
                  "slack",
                  "aws:s3",
                  "aws:iam",
                  "okta",
                  "datadog",
                  "kubernetes",
                  "vault"));

  private ToolCatalog() {}

  static Tool tool(String name) {
    Tool tool = TOOLS.get(name);
    if (tool == null) {
      throw new IllegalArgumentException("no tool named " + name);
    }
    return tool;
  }

  static List<Tool> all() {
    return List.copyOf(TOOLS.values());
  }

  /** The tools an identity of this type plausibly uses in its job. */
  static List<String> pool(IdentityType type) {
    return POOLS.get(type);
  }

  private static void tool(String name, String audience, List<String> resources, Op... ops) {
    List<ToolAction> actions = new ArrayList<>();
    for (Op op : ops) {
      actions.add(
          new ToolAction(name, op.action, op.privilege, op.privileged, op.admin, resources));
    }
    TOOLS.put(name, new Tool(name, audience, Collections.unmodifiableList(actions)));
  }

  /** MCP servers: every call is {@code tools/call}; the MCP tool name is the resource. */
  private static void mcp(String name, Op... calls) {
    List<ToolAction> actions = new ArrayList<>();
    for (Op call : calls) {
      actions.add(
          new ToolAction(
              name,
              "tools/call",
              call.privilege,
              call.privileged,
              call.admin,
              List.of(call.action)));
    }
    TOOLS.put(name, new Tool(name, "mcp", Collections.unmodifiableList(actions)));
  }

  private record Op(String action, String privilege, boolean privileged, boolean admin) {}

  private static Op op(String action, String privilege) {
    return new Op(action, privilege, false, false);
  }

  private static Op priv(String action, String privilege) {
    return new Op(action, privilege, true, false);
  }

  private static Op admin(String action, String privilege) {
    return new Op(action, privilege, true, true);
  }

  private static Op call(String mcpTool, String privilege) {
    return op(mcpTool, privilege);
  }

  private static Op privCall(String mcpTool, String privilege) {
    return priv(mcpTool, privilege);
  }

  private static Op adminCall(String mcpTool, String privilege) {
    return admin(mcpTool, privilege);
  }
}
