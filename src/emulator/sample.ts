/**
 * The demo's primary workspace, built in code so it ships inside the bundled dist. Three users (one with
 * a non-ASCII name), /Shared, notebooks in the four languages with the SOURCE-format features exporters
 * trip on (MAGIC cells, DBTITLE lines, non-ASCII text), workspace files, an empty folder, and objects an
 * exporter must skip (an MLflow experiment, a library), and the init script, wheel and SQL file that the
 * sample's clusters and jobs point to. Other APIs add their resources here later.
 */
import type { EmulatorState } from './apis/index.js';
import { commentPrefix, headerLine, type NotebookLanguage } from './notebook.js';

export const SAMPLE_USERS = ['alice@contoso.com', 'bob@contoso.com', 'chloé.martin@contoso.com'] as const;

/** Fixed timestamps, so the sample is the same on every run. */
const BASE_TIME = Date.UTC(2025, 2, 3, 9, 0, 0);
const DAY = 24 * 60 * 60 * 1000;

/** A SOURCE notebook from its cells, laid out byte for byte as the product exports it (§3). */
function notebook(language: NotebookLanguage, cells: string[]): string {
  const c = commentPrefix(language);
  return `${headerLine(language)}\n${cells.join(`\n\n${c} COMMAND ----------\n\n`)}`;
}

/** A MAGIC cell (markdown or another language): every line prefixed, empty lines as a bare `# MAGIC`. */
function magic(language: NotebookLanguage, text: string): string {
  const c = commentPrefix(language);
  return text
    .split('\n')
    .map((line) => (line === '' ? `${c} MAGIC` : `${c} MAGIC ${line}`))
    .join('\n');
}

function titled(language: NotebookLanguage, title: string, body: string): string {
  return `${commentPrefix(language)} DBTITLE 1,${title}\n${body}`;
}

export function seedSampleWorkspace(target: { state: EmulatorState }): void {
  const ws = target.state.workspace;
  let day = 0;
  const at = () => {
    const t = BASE_TIME + day++ * DAY;
    return { createdAt: t, modifiedAt: t + 3 * 60 * 60 * 1000 };
  };

  const alice = '/Users/alice@contoso.com';
  const bob = '/Users/bob@contoso.com';
  const chloe = '/Users/chloé.martin@contoso.com';

  // ----- alice: a small ETL project -------------------------------------------------------------------
  ws.putNotebook(
    `${alice}/ETL/01_ingest_orders`,
    'PYTHON',
    notebook('PYTHON', [
      magic(
        'PYTHON',
        '%md\n# Ingest orders\n\nLoads the raw order files landed by the shop into `bronze.orders`.',
      ),
      titled(
        'PYTHON',
        'Parameters',
        'dbutils.widgets.text("landing_path", "/mnt/landing/orders")\nlanding_path = dbutils.widgets.get("landing_path")',
      ),
      'from pyspark.sql import functions as F\n\nraw = (\n    spark.read.format("json")\n    .load(landing_path)\n    .withColumn("_ingested_at", F.current_timestamp())\n)\nraw.write.mode("append").saveAsTable("bronze.orders")',
      magic('PYTHON', '%sql\nSELECT count(*) AS orders FROM bronze.orders'),
    ]),
    at(),
  );
  ws.putNotebook(
    `${alice}/ETL/02_clean_orders`,
    'PYTHON',
    notebook('PYTHON', [
      magic('PYTHON', '%run ./utils/setup'),
      'from utils.helpers import normalize_currency\n\norders = spark.table("bronze.orders")\nclean = normalize_currency(orders.dropDuplicates(["order_id"]))',
      titled('PYTHON', 'Write silver', 'clean.write.mode("overwrite").saveAsTable("silver.orders")'),
    ]),
    at(),
  );
  ws.putNotebook(
    `${alice}/ETL/utils/setup`,
    'PYTHON',
    notebook('PYTHON', ['spark.conf.set("spark.sql.shuffle.partitions", "64")']),
    at(),
  );
  ws.putFile(
    `${alice}/ETL/utils/helpers.py`,
    [
      '"""Helpers shared by the ETL notebooks (a workspace file, imported as a module)."""',
      'from pyspark.sql import DataFrame, functions as F',
      '',
      'RATES = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}',
      '',
      '',
      'def normalize_currency(df: DataFrame) -> DataFrame:',
      '    rate = F.create_map(*[F.lit(x) for kv in RATES.items() for x in kv])',
      '    return df.withColumn("amount_eur", F.col("amount") * rate[F.col("currency")])',
      '',
    ].join('\n'),
    at(),
  );
  ws.putFile(`${alice}/ETL/utils/__init__.py`, '', at());
  ws.putFile(`${alice}/ETL/requirements.txt`, 'great-expectations==0.18.12\npyyaml>=6.0\n', at());
  ws.putFile(
    `${alice}/ETL/config/pipeline.yaml`,
    '# Orders pipeline settings\nsource:\n  landing_path: /mnt/landing/orders\n  format: json\ntarget:\n  bronze: bronze.orders\n  silver: silver.orders\nschedule: "0 0 2 * * ?"\n',
    at(),
  );
  ws.putNotebook(
    `${alice}/ETL/orders_quality`,
    'SQL',
    notebook('SQL', [
      magic('SQL', '%md\n## Quality checks\nEvery check must return zero rows.'),
      titled('SQL', 'Negative amounts', 'SELECT order_id, amount\nFROM silver.orders\nWHERE amount < 0;'),
      'SELECT order_id, count(*) AS n\nFROM silver.orders\nGROUP BY order_id\nHAVING count(*) > 1;',
      magic('SQL', '%python\ndbutils.notebook.exit("checks done")'),
    ]),
    at(),
  );
  ws.putNotebook(
    `${alice}/Exploration/sales_by_region`,
    'SCALA',
    notebook('SCALA', [
      magic('SCALA', '%md\n### Sales by region\nA quick look before the dashboard is built.'),
      'val orders = spark.table("silver.orders")\nval byRegion = orders.groupBy("region").sum("amount_eur")',
      'display(byRegion.orderBy($"sum(amount_eur)".desc))',
    ]),
    at(),
  );
  ws.putObject(`${alice}/Exploration/churn-model`, 'MLFLOW_EXPERIMENT', at());
  ws.mkdirs(`${alice}/Scratch`, at());

  // ----- bob: forecasting in R, KPIs in SQL ------------------------------------------------------------
  ws.putNotebook(
    `${bob}/Forecasting/weekly_forecast`,
    'R',
    notebook('R', [
      magic('R', '%md\n# Weekly forecast\nUses `forecast::auto.arima` on the weekly revenue series.'),
      'library(SparkR)\nlibrary(forecast)\n\nweekly <- collect(sql("SELECT week, revenue FROM gold.weekly_revenue ORDER BY week"))',
      titled('R', 'Fit', 'fit <- auto.arima(ts(weekly$revenue, frequency = 52))\nplot(forecast(fit, h = 8))'),
    ]),
    at(),
  );
  ws.putNotebook(
    `${bob}/Weekly KPIs`,
    'SQL',
    notebook('SQL', [
      'SELECT week, sum(amount_eur) AS revenue, count(DISTINCT customer_id) AS customers\nFROM silver.orders\nGROUP BY week\nORDER BY week DESC\nLIMIT 12;',
      magic('SQL', '%md\nRevenue is in EUR; see `helpers.py` for the rates.'),
    ]),
    at(),
  );
  ws.putFile(
    `${bob}/data/regions.csv`,
    'region_id,name,country\n1,Île-de-France,FR\n2,Bayern,DE\n3,Kantō (関東),JP\n4,São Paulo,BR\n',
    at(),
  );

  // ----- chloé: non-ASCII everywhere ----------------------------------------------------------------------
  ws.putNotebook(
    `${chloe}/Analyse des ventes`,
    'PYTHON',
    notebook('PYTHON', [
      magic(
        'PYTHON',
        '%md\n# Analyse des ventes 📈\n\nÉtude préliminaire : chiffre d’affaires par catégorie, été 2024.',
      ),
      titled(
        'PYTHON',
        'Données',
        'ventes = spark.table("silver.orders").where("saison = \'été\'")\nprint(f"{ventes.count()} commandes — première étape ✅")',
      ),
      magic(
        'PYTHON',
        '%sql\nSELECT catégorie, sum(amount_eur) AS total FROM silver.orders GROUP BY catégorie',
      ),
    ]),
    at(),
  );
  ws.putNotebook(
    `${chloe}/レポート/月次売上`,
    'SQL',
    notebook('SQL', [
      magic('SQL', '%md\n## 月次売上レポート\n毎月の売上を地域別に集計します。'),
      "SELECT date_trunc('month', order_date) AS 月, region AS 地域, sum(amount_eur) AS 売上\nFROM silver.orders\nGROUP BY 1, 2\nORDER BY 1 DESC;",
    ]),
    at(),
  );
  ws.putFile(
    `${chloe}/notes.md`,
    '# Notes\n\n- Vérifier les taux de change 💶\n- Demander à Bob les prévisions\n',
    at(),
  );

  // ----- /Shared --------------------------------------------------------------------------------------------
  ws.putNotebook(
    '/Shared/Onboarding/Welcome',
    'PYTHON',
    notebook('PYTHON', [
      magic(
        'PYTHON',
        '%md-sandbox\n<div style="padding: 8px; background: #f0f6ff">\n  <b>Welcome to the Contoso data platform!</b>\n</div>',
      ),
      magic(
        'PYTHON',
        '%md\n## Where things are\n- `/Shared/Onboarding`: start here\n- `/Shared/jobs`: notebooks run by jobs',
      ),
      magic('PYTHON', '%sh\nls /dbfs/databricks-datasets | head'),
      'display(dbutils.fs.ls("/databricks-datasets"))',
    ]),
    at(),
  );
  ws.putNotebook(
    '/Shared/Onboarding/Getting started with Scala',
    'SCALA',
    notebook('SCALA', [
      '// Scala cells run on the driver JVM\nval numbers = spark.range(1, 1000)\nnumbers.selectExpr("sum(id)").show()',
      magic('SCALA', '%python\nprint("Python works here too")'),
    ]),
    at(),
  );
  ws.putNotebook(
    '/Shared/jobs/nightly_refresh',
    'PYTHON',
    notebook('PYTHON', [
      titled(
        'PYTHON',
        'Refresh gold tables',
        'for table in ["gold.weekly_revenue", "gold.customers"]:\n    spark.sql(f"REFRESH TABLE {table}")',
      ),
    ]),
    at(),
  );
  ws.putFile(
    '/Shared/data/lookup/countries.csv',
    'code,name\nBR,Brasil\nDE,Deutschland\nFR,France\nJP,日本\n',
    at(),
  );
  ws.putFile(
    '/Shared/config/environments.yaml',
    'environments:\n  dev:\n    catalog: dev\n  prod:\n    catalog: main\n',
    at(),
  );
  ws.putObject('/Shared/Libraries/spark-xml_2.12-0.17.0', 'LIBRARY', at());

  // ----- what compute and jobs point to (sample-compute.ts, sample-data-eng.ts) -----------------------------
  // A cluster init script, a cluster library and a job's SQL file: the export reports any that is missing.
  ws.putFile(
    '/Shared/init/install-drivers.sh',
    [
      '#!/bin/bash',
      '# Installs the ODBC driver the ETL cluster reads the shop database with.',
      'set -euo pipefail',
      'apt-get install -y --no-install-recommends unixodbc odbcinst',
      '',
    ].join('\n'),
    at(),
  );
  // A wheel is a zip archive; this one is the smallest valid zip (an empty central directory).
  ws.putFile(
    '/Shared/libs/helpers-0.3-py3-none-any.whl',
    Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]),
    at(),
  );
  ws.putFile(
    `${alice}/ETL/reports/daily_orders.sql`,
    [
      "-- Daily orders report, run by the 'Refresh orders' job on the analytics warehouse.",
      'SELECT order_date, count(*) AS orders, sum(amount_eur) AS revenue_eur',
      'FROM silver.orders',
      'WHERE order_date >= date_sub(current_date(), 7)',
      'GROUP BY order_date',
      'ORDER BY order_date DESC;',
      '',
    ].join('\n'),
    at(),
  );
}
