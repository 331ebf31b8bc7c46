"""The demo region: a fictional state, Valle Alto, and three of its institutions' plans.

Written by the team (no real institution's text). Plain data in avance.plan/1, plus the later
reporting periods that the demo loader records through the same actions staff would use.
"""

from __future__ import annotations

from typing import Any

Node = dict[str, Any]


def person(
    name: str, position: str, organization: str | None = None, role: str | None = None
) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "position": position, "organization": organization}
    if role:
        entry["role"] = role
    return entry


# 1. A municipal directorate's POA with budgets and beneficiaries ---------------------------------

DIRECTORA = person(
    "Mtra. Lucía Fernanda Ortega Salas", "Directora de Bienestar y Desarrollo Comunitario"
)
COORD_SALUD = person("Dr. Ernesto Villaseñor Pérez", "Coordinador de Salud Comunitaria")
COORD_JUVENTUD = person("Lic. Paola Itzel Guerrero Mora", "Coordinadora de Juventud y Deporte")
COORD_ALIMENTARIA = person("C. Ramón Esquivel Lara", "Jefe del Programa de Seguridad Alimentaria")


def activity(
    ref: str,
    title: str,
    goal: str,
    budget: float,
    direct: int | str,
    indirect: int | str,
    start: str,
    end: str,
    who: dict[str, Any],
    children: list[Node] | None = None,
) -> Node:
    return {
        "level": "Actividad",
        "ref": ref,
        "title": title,
        "goal": goal,
        "budget": budget,
        "beneficiaries": {"direct": direct, "indirect": indirect},
        "start": start,
        "end": end,
        "evaluation_frequency": "Trimestral",
        "responsible": [who],
        "children": children or [],
    }


def action(title: str, **fields: Any) -> Node:
    return {"level": "Acción", "title": title, **fields}


POA: dict[str, Any] = {
    "schema": "avance.plan/1",
    "title": "Programa Operativo Anual 2025",
    "kind": "programa_operativo_anual",
    "organization": {"name": "Municipio de San Andrés Tlalcuapan", "acronym": None},
    "unit": "Dirección de Bienestar y Desarrollo Comunitario",
    "author": {
        "name": "Mtra. Lucía Fernanda Ortega Salas",
        "position": "Directora",
        "organization": None,
    },
    "start": "2025-01-01",
    "end": "2025-12-31",
    "issued": "2024-11-15",
    "mission": (
        "Mejorar las condiciones de vida de las familias de San Andrés Tlalcuapan mediante programas "
        "de salud comunitaria, alimentación y participación juvenil, con atención cercana, "
        "transparente y sin discriminación."
    ),
    "vision": (
        "Ser en 2027 una dirección reconocida por la ciudadanía por resolver necesidades reales de "
        "las comunidades con información pública, presupuesto ordenado y resultados medibles."
    ),
    "swot": {
        "strengths": [
            "Personal con experiencia en trabajo comunitario en las 14 localidades.",
            "Padrón de beneficiarios digitalizado desde 2023.",
            "Convenios vigentes con el centro de salud regional.",
        ],
        "weaknesses": [
            "Un solo vehículo para visitas a comunidades alejadas.",
            "Rotación de personal eventual a mitad de año.",
        ],
        "opportunities": [
            "Convocatorias estatales de coinversión social.",
            "Interés de la universidad tecnológica en prácticas profesionales.",
        ],
        "threats": [
            "Recortes a las participaciones federales.",
            "Temporada de lluvias que aísla a tres localidades.",
        ],
    },
    "objective": (
        "Reducir las carencias de acceso a la salud y a la alimentación en las localidades de alta "
        "marginación del municipio y ampliar la participación de las juventudes en la vida pública."
    ),
    "program": "Bienestar comunitario y desarrollo social",
    "strategy": (
        "Llevar los servicios a las comunidades con brigadas programadas, priorizar a hogares con "
        "jefatura femenina y publicar trimestralmente el avance de cada actividad."
    ),
    "goal": "12 brigadas de salud, 600 despensas mensuales y 40 proyectos juveniles al cierre de 2025.",
    "budget": 1_250_000,
    "beneficiaries": {"direct": 8400, "indirect": "toda la población del municipio"},
    "alignment": [
        {"framework": "PMD", "ref": "2", "title": "Bienestar, comunidad e inclusión"},
        {"framework": "ODS", "ref": "3", "title": "Salud y bienestar"},
    ],
    "evaluation": {
        "frequency": "trimestral",
        "evaluator": "Dirección de Planeación y Evaluación Municipal",
        "method": "No. Act. Realizadas / No. Act. Proyectadas × 100",
    },
    "rollup": {"method": "completed_ratio", "missing": "zero"},
    "report": {
        "title": "Primer trimestre 2025",
        "start": "2025-01-01",
        "end": "2025-03-31",
        "presented_at": "Sesión ordinaria del Comité de Planeación para el Desarrollo Municipal, 10 de abril de 2025",
    },
    "levels": ["Componente", "Actividad", "Acción"],
    "nodes": [
        {
            "level": "Componente",
            "ref": "1",
            "title": "Salud comunitaria cerca de casa",
            "goal": "Atender a 3,000 personas en sus localidades.",
            "children": [
                activity(
                    "1.1",
                    "Brigadas médicas y de salud preventiva en localidades de alta marginación",
                    "12 brigadas (una al mes)",
                    240_000,
                    3000,
                    9000,
                    "2025-01-15",
                    "2025-12-15",
                    COORD_SALUD,
                    [
                        action(
                            "Programar el calendario anual de brigadas con el centro de salud",
                            progress=100,
                        ),
                        action(
                            "Realizar las brigadas mensuales con consulta, vacunación y toma de glucosa",
                            progress=25,
                            note="Marzo se reprogramó por lluvias; se repone en abril.",
                            evidence=["https://bienestar.tlalcuapan.example/brigadas/2025-t1"],
                        ),
                        action(
                            "Publicar el reporte de atenciones por localidad",
                            progress=0,
                            status="Sin iniciar",
                        ),
                    ],
                ),
                activity(
                    "1.2",
                    "Jornadas de salud mental para adolescentes en secundarias",
                    "8 jornadas en 4 secundarias",
                    85_000,
                    1200,
                    2400,
                    "2025-02-01",
                    "2025-11-30",
                    COORD_SALUD,
                    [
                        action(
                            "Firmar el convenio con la supervisión escolar",
                            progress=100,
                            evidence=[
                                "https://bienestar.tlalcuapan.example/convenios/supervision-escolar.pdf"
                            ],
                        ),
                        action(
                            "Impartir las jornadas con psicólogas del DIF municipal", progress=10
                        ),
                    ],
                ),
            ],
        },
        {
            "level": "Componente",
            "ref": "2",
            "title": "Alimentación suficiente para hogares vulnerables",
            "children": [
                activity(
                    "2.1",
                    "Entrega mensual de despensas a hogares con jefatura femenina",
                    "600 despensas mensuales",
                    540_000,
                    600,
                    2100,
                    "2025-01-01",
                    "2025-12-31",
                    COORD_ALIMENTARIA,
                    [
                        action("Actualizar el padrón con visita domiciliaria", progress=100),
                        action(
                            "Entregar las despensas de enero a marzo",
                            progress=100,
                            evidence=[
                                "https://bienestar.tlalcuapan.example/padron/entregas-t1.csv"
                            ],
                        ),
                    ],
                ),
                activity(
                    "2.2",
                    "Huertos familiares de traspatio",
                    "150 huertos instalados",
                    120_000,
                    150,
                    450,
                    "2025-03-01",
                    "2025-10-31",
                    COORD_ALIMENTARIA,
                    [
                        action("Capacitar a las familias participantes", progress=40),
                        action(
                            "Entregar semilla, malla y herramienta",
                            status="En etapa de diseño",
                            progress=0,
                        ),
                    ],
                ),
            ],
        },
        {
            "level": "Componente",
            "ref": "3",
            "title": "Juventudes que participan",
            "children": [
                activity(
                    "3.1",
                    "Fondo concursable para proyectos juveniles comunitarios",
                    "40 proyectos apoyados",
                    200_000,
                    160,
                    "familias de las y los participantes",
                    "2025-02-15",
                    "2025-11-30",
                    COORD_JUVENTUD,
                    [
                        action(
                            "Publicar la convocatoria",
                            progress=100,
                            evidence=[
                                "https://bienestar.tlalcuapan.example/juventud/convocatoria-2025"
                            ],
                        ),
                        action(
                            "Dictaminar y entregar los apoyos", progress=0, status="Sin iniciar"
                        ),
                    ],
                ),
                activity(
                    "3.2",
                    "Torneos deportivos intercomunitarios",
                    "3 torneos",
                    65_000,
                    900,
                    2700,
                    "2025-04-01",
                    "2025-12-15",
                    COORD_JUVENTUD,
                ),
            ],
        },
        activity(
            "4",
            "Rendición de cuentas trimestral ante el Comité de Planeación",
            "4 informes publicados",
            0,
            "integrantes del comité",
            "ciudadanía",
            "2025-01-01",
            "2025-12-31",
            DIRECTORA,
        )
        | {"level": "Actividad", "progress": 100},
    ],
}

# 2. An open-government local action plan with co-creating civil society --------------------------

ST = "Secretariado Técnico Local de Gobierno Abierto de Valle Alto"
OBSERVATORIO = person(
    "Observatorio Ciudadano de Valle Alto, A.C.", "Organización co-creadora", None, "co_creator"
)
DATOS = person("Colectivo Datos Abiertos del Bajío", "Organización co-creadora", None, "co_creator")
MUJERES = person(
    "Red de Mujeres Emprendedoras de Valle Alto", "Organización co-creadora", None, "co_creator"
)
UNIVERSIDAD = person(
    "Universidad Autónoma de Valle Alto", "Institución académica co-creadora", None, "co_creator"
)


def commitment(
    ref: str, title: str, who: list[dict[str, Any]], actions: list[Node], **extra: Any
) -> Node:
    return {
        "level": "Compromiso",
        "ref": ref,
        "title": title,
        "responsible": who,
        "children": actions,
        **extra,
    }


def act(ref: str, title: str, progress: float, **extra: Any) -> Node:
    return {"level": "Acción", "ref": ref, "title": title, "progress": progress, **extra}


OPEN_GOV: dict[str, Any] = {
    "schema": "avance.plan/1",
    "title": "Plan de Acción Local de Gobierno Abierto Valle Alto 2024-2026",
    "kind": "plan_accion_estado_abierto",
    "organization": {"name": ST, "acronym": "STL Valle Alto"},
    "start": "2024-01-01",
    "end": "2026-12-31",
    "issued": "2024-12-05",
    "objective": "Abrir la información, las decisiones y la evaluación de las políticas públicas de Valle Alto a la participación de la ciudadanía.",
    "report": {
        "title": "Primer Informe Parcial",
        "start": "2024-06-01",
        "end": "2024-11-30",
        "presented_at": "Tercera Sesión Ordinaria 2024 del Secretariado Técnico Local, 5 de diciembre",
        "progress": 38,
        "remaining": 62,
        "remaining_due": "2026-06-30",
        "counts": {"Eje": 3, "Compromiso": 5, "Acción": 12},
    },
    "levels": ["Eje", "Compromiso", "Acción"],
    "nodes": [
        {
            "level": "Eje",
            "ref": "1",
            "title": "Datos y presupuesto abiertos",
            "progress": 45,
            "children": [
                commitment(
                    "1.1",
                    "Presupuesto ciudadano y seguimiento de la obra pública",
                    [
                        person(
                            "Ing. Marco Antonio Rivas Téllez",
                            "Director de Obra Pública",
                            "Gobierno del Estado de Valle Alto",
                        ),
                        OBSERVATORIO,
                    ],
                    [
                        act(
                            "1",
                            "Publicar el presupuesto ciudadano 2025 en formato abierto y lenguaje claro",
                            100,
                            evidence=["https://datos.vallealto.example/presupuesto-ciudadano-2025"],
                        ),
                        act(
                            "2",
                            "Mapa de obra pública con avance físico y financiero actualizado cada mes",
                            40,
                        ),
                        act(
                            "3",
                            "Recorridos de contraloría social con el Observatorio en diez obras",
                            10,
                            note="*Los recorridos inician al concluir la temporada de lluvias.",
                        ),
                    ],
                    progress=50,
                ),
                commitment(
                    "1.2",
                    "Portal de datos abiertos de seguridad y salud",
                    [
                        person(
                            "Mtra. Daniela Ruiz Cabrera",
                            "Titular de la Unidad de Gobierno Digital",
                            "Gobierno del Estado de Valle Alto",
                        ),
                        DATOS,
                    ],
                    [
                        act("1", "Inventario de conjuntos de datos con las dependencias", 60),
                        act("2", "Publicación de 30 conjuntos de datos con diccionario", 20),
                    ],
                    progress=40,
                ),
            ],
        },
        {
            "level": "Eje",
            "ref": "2",
            "title": "Participación y mujeres emprendedoras",
            "progress": 30,
            "children": [
                commitment(
                    "2.1",
                    "Mentoría y financiamiento para mujeres emprendedoras",
                    [
                        person(
                            "Lic. Sofía Alejandra Núñez Ibarra",
                            "Directora de Economía Social",
                            "Secretaría de Economía de Valle Alto",
                        ),
                        MUJERES,
                    ],
                    [
                        act("1", "Programa de mentoría de mujer a mujer en cinco municipios", 50),
                        act(
                            "2",
                            "Catálogo público de apoyos y créditos con requisitos simplificados",
                            30,
                        ),
                        act(
                            "3",
                            "Diagnóstico de barreras de acceso al crédito",
                            0,
                            status="EN ETAPA DE DISEÑO DE LA ENCUESTA",
                        ),
                    ],
                    progress=30,
                    beneficiaries={
                        "direct": "Alrededor de 250 mujeres emprendedoras",
                        "indirect": None,
                    },
                ),
            ],
        },
        {
            "level": "Eje",
            "ref": "3",
            "title": "Justicia y parlamento abiertos",
            "progress": 40,
            "children": [
                commitment(
                    "3.1",
                    "Sentencias en lenguaje ciudadano",
                    [
                        person(
                            "Mgda. Elena Patricia Sandoval Ruiz",
                            "Presidenta de la Comisión de Justicia Abierta",
                            "Poder Judicial de Valle Alto",
                        ),
                        UNIVERSIDAD,
                    ],
                    [
                        act("1", "Manual de lenguaje ciudadano para resoluciones", 70),
                        act("2", "Publicar 200 versiones públicas en lenguaje ciudadano", 25),
                    ],
                    progress=48,
                ),
                commitment(
                    "3.2",
                    "Consulta ciudadana de iniciativas en el Congreso",
                    [
                        person(
                            "Dip. Jorge Luis Camacho Reyes",
                            "Presidente de la Comisión de Transparencia",
                            "Congreso del Estado de Valle Alto",
                        ),
                        OBSERVATORIO,
                    ],
                    [
                        act("1", "Plataforma de comentarios ciudadanos a iniciativas", 35),
                        act(
                            "2",
                            "Informe público de cómo se atendieron los comentarios",
                            0,
                            status="Sin iniciar",
                        ),
                    ],
                    progress=18,
                    note="*La plataforma se probó con dos iniciativas piloto.",
                ),
            ],
        },
    ],
}

# Later periods, recorded through the actions: (period key, label, start, end, state, {ref path: (percent, status, note)})
OPEN_GOV_LATER: list[
    tuple[str, str, str, str, str, dict[tuple[str, str], tuple[float | None, str, str]]]
] = [
    (
        "segundo-informe-parcial",
        "Segundo Informe Parcial",
        "2024-12-01",
        "2025-05-31",
        "published",
        {
            ("1.1", "2"): (75, "", "El mapa se actualiza el día 5 de cada mes."),
            ("1.1", "3"): (50, "", ""),
            ("1.2", "1"): (100, "", ""),
            ("1.2", "2"): (45, "", ""),
            ("2.1", "1"): (70, "", ""),
            ("2.1", "3"): (30, "En proceso", "La encuesta se levantó en marzo."),
            ("3.1", "2"): (55, "", ""),
            ("3.2", "1"): (60, "", ""),
        },
    ),
    (
        "tercer-informe-parcial",
        "Tercer Informe Parcial",
        "2025-06-01",
        "2025-11-30",
        "open",
        {
            ("1.1", "2"): (90, "", "Pendiente de revisión por el Secretariado."),
        },
    ),
]

# 3. A transparency body's annual work plan --------------------------------------------------------

ITAIVA = "Instituto de Transparencia, Acceso a la Información y Protección de Datos Personales de Valle Alto"


def obj(ref: str, title: str, actions: list[Node]) -> Node:
    return {"level": "Objetivo estratégico", "ref": ref, "title": title, "children": actions}


def line(ref: str, title: str, **extra: Any) -> Node:
    return {"level": "Acción", "ref": ref, "title": title, **extra}


SECRETARIA = person("Lic. Andrea Montes de Oca Ríos", "Secretaria Ejecutiva")
CAPACITACION = person("Mtro. Iván Calderón Fuentes", "Director de Capacitación y Vinculación")
DATOS_PERSONALES = person(
    "Lic. Mariana Soto Villalobos", "Directora de Protección de Datos Personales"
)

WORK_PLAN: dict[str, Any] = {
    "schema": "avance.plan/1",
    "title": "Plan Anual de Trabajo 2025",
    "kind": "plan_anual_trabajo",
    "organization": {"name": ITAIVA, "acronym": "ITAIVA"},
    "start": "2025-01-01",
    "end": "2025-12-31",
    "issued": "2025-01-20",
    "author": {
        "name": "Mtra. Rebeca Alvarado Quintero",
        "position": "Comisionada Presidenta",
        "organization": "ITAIVA",
    },
    "objective": "Garantizar el ejercicio de los derechos de acceso a la información y de protección de datos personales en Valle Alto.",
    "alignment": [
        {
            "framework": "PROTAI",
            "ref": None,
            "title": "Promover el ejercicio del derecho de acceso a la información",
        }
    ],
    "report": {
        "title": "Informe del primer semestre 2025",
        "start": "2025-01-01",
        "end": "2025-06-30",
    },
    "levels": ["Objetivo estratégico", "Acción"],
    "nodes": [
        obj(
            "1",
            "Acercar el derecho de acceso a la información a la población",
            [
                line(
                    "1.1",
                    "Jornadas «Pregúntale a tu gobierno» en los 20 municipios",
                    progress=45,
                    responsible=[CAPACITACION],
                    evidence=["https://itaiva.example/jornadas-2025"],
                ),
                line(
                    "1.2",
                    "Red de personas facilitadoras del derecho de acceso en comunidades indígenas",
                    progress=20,
                    responsible=[CAPACITACION],
                ),
                line(
                    "1.3",
                    "Concurso estatal de cortometraje sobre transparencia",
                    status="Cancelado",
                    note="Se canceló por falta de patrocinio; los recursos pasan a la acción 1.1.",
                    responsible=[CAPACITACION],
                ),
            ],
        ),
        obj(
            "2",
            "Verificar el cumplimiento de las obligaciones de transparencia",
            [
                line(
                    "2.1",
                    "Verificación diagnóstica de los portales de los 120 sujetos obligados",
                    progress=60,
                    responsible=[SECRETARIA],
                    evidence=["https://itaiva.example/verificacion/resultados-2025.xlsx"],
                ),
                line(
                    "2.2",
                    "Asesorías técnicas a unidades de transparencia municipales",
                    progress=50,
                    responsible=[SECRETARIA],
                ),
            ],
        ),
        obj(
            "3",
            "Proteger los datos personales en el sector público",
            [
                line(
                    "3.1",
                    "Guía de avisos de privacidad para ayuntamientos",
                    progress=100,
                    responsible=[DATOS_PERSONALES],
                    evidence=["https://itaiva.example/guias/avisos-de-privacidad.pdf"],
                ),
                line(
                    "3.2",
                    "Evaluaciones de impacto en tratamientos de datos de salud",
                    progress=0,
                    status="En etapa de diseño",
                    responsible=[DATOS_PERSONALES],
                ),
            ],
        ),
        obj(
            "4",
            "Fortalecer la institución y rendir cuentas",
            [
                line(
                    "4.1",
                    "Publicar en datos abiertos el seguimiento de este plan",
                    progress=100,
                    responsible=[SECRETARIA],
                ),
                line(
                    "4.2",
                    "Certificación del personal en gestión documental",
                    progress=30,
                    responsible=[SECRETARIA],
                ),
            ],
        ),
    ],
}

PLANS = [POA, OPEN_GOV, WORK_PLAN]


# The public profile of each demo institution (made up, like the rest of the region); the logo
# is drawn from the colour and the initials when the demo loads.
PROFILES: dict[str, dict[str, str]] = {
    ST: {
        "initials": "GA",
        "description": "Espacio de cocreación entre gobierno municipal, organizaciones de la "
        "sociedad civil y academia que da seguimiento al plan de acción local de gobierno "
        "abierto de Valle Alto.",
        "email": "gobiernoabierto@valle-alto.invalid",
        "phone": "55 5010 2030",
        "address": "Palacio Municipal, Plaza de la Constitución 1, Valle Alto",
        "color": "#1f5f8b",
    },
    ITAIVA: {
        "initials": "IT",
        "description": "Órgano garante del derecho de acceso a la información pública y de la "
        "protección de datos personales en Valle Alto.",
        "email": "contacto@itaiva.invalid",
        "phone": "55 5020 4050",
        "address": "Av. Transparencia 200, Valle Alto",
        "color": "#7a2e5c",
    },
    POA["organization"]["name"]: {
        "initials": "SA",
        "description": "Gobierno municipal de San Andrés Tlalcuapan; su Dirección de Igualdad "
        "publica aquí el programa operativo anual y su avance.",
        "email": "igualdad@sanandres.invalid",
        "phone": "222 410 1020",
        "address": "Presidencia Municipal, Calle Hidalgo 1, San Andrés Tlalcuapan",
        "color": "#2f6b3a",
    },
}


# A regional network of transparency bodies (made up): ITAIVA and five of its neighbours, with
# the populations their comparisons will be rated by. ITAIVA coordinates it.
NETWORK_NAME = "Red de Órganos Garantes de la Región Centro-Valle"
NETWORK_ACRONYM = "Red Centro-Valle"
NETWORK_JOINED = "2024-01-15"
NETWORK_MEMBERS: list[tuple[str, str, int]] = [
    (ITAIVA, "ITAIVA", 3_100_000),
    ("Instituto de Acceso a la Información de Sierra Alta", "IAISA", 1_850_000),
    ("Comisión de Transparencia de Costa Brava", "CTCB", 2_400_000),
    ("Instituto de Transparencia de Llanos del Norte", "ITLN", 980_000),
    ("Órgano Garante de la Transparencia de Río Grande", "OGTRG", 4_200_000),
    ("Instituto de Datos Abiertos y Transparencia de Altiplano", "IDATA", 1_300_000),
]
